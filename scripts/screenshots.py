# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Screenshots of the main screens for the README and the app store listing.

    python3 scripts/screenshots.py --db=cirrus_kam_shots --addons-path=...
    python3 scripts/screenshots.py --db=... --only=kanban,workload_graph

``make screenshots`` creates the demo database first. This starts Odoo on a
free local port, logs in as admin, drives headless Chromium over the Chrome
DevTools Protocol at 1440x900 and writes cirrus_kam/static/description/
screenshot_*.png. Screens are opened by action xml-id (/odoo/action-...), not
by menu labels, so that a renamed menu does not break the script. It fails,
naming the screen, on a console error, an error dialog, an error in the
server log or a screen that does not settle; the Odoo server and Chromium it
started are stopped in every case."""

import argparse
import base64
import datetime
import html
import http.cookiejar
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import openpyxl
import websocket
from PIL import Image

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(REPO, "cirrus_kam", "static", "description")
WIDTH, HEIGHT = 1440, 900
ALL_ACCOUNTS = "cirrus_kam.cirrus_kam_account_action_all"
WORKLOAD = "cirrus_kam.cirrus_kam_workload_report_action"
CLASSIFY = "cirrus_kam.cirrus_kam_classify_wizard_action"
REBALANCE = "cirrus_kam.cirrus_kam_rebalance_wizard_action"
TEAMS = "cirrus_kam.cirrus_kam_crm_team_action"
# a screen has settled when no request is pending and the page has not
# changed for this long (charts draw on a canvas: they get more)
QUIET_MS = 800
TIMEOUT = 90
LOG_RECORD = re.compile(r"^\S+ \S+ \d+ (?P<level>[A-Z]+) \S+ (?P<logger>\S+): ")
# Odoo's online services (partner autocomplete enriches the company at the
# first login): errors when the machine has no internet, not the addon's
OFFLINE = ("odoo.addons.iap.",)

# Counts pending requests and notes the last change of the page, before
# Odoo's own scripts run, so that "loaded" does not depend on Odoo's markup.
PROBE = """
window.__shots = {pending: 0, changed: Date.now()};
(() => {
    const touch = () => { window.__shots.changed = Date.now(); };
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (...args) {
        window.__shots.pending++;
        this.addEventListener("loadend", () => { window.__shots.pending--; touch(); });
        return send.apply(this, args);
    };
    const fetch = window.fetch;
    window.fetch = function (...args) {
        window.__shots.pending++;
        return fetch.apply(this, args).finally(() => {
            window.__shots.pending--;
            touch();
        });
    };
    new MutationObserver(touch).observe(document, {
        subtree: true, childList: true, attributes: true, characterData: true,
    });
})();
"""
# -1: not there yet; a string: an error dialog; else ms since the last change
SETTLED = """
(() => {
    const error = document.querySelector(".o_error_dialog, .o_dialog_error");
    if (error) { return "error dialog: " + error.innerText; }
    const busy = document.querySelector(".o_loading_indicator, .o_blockUI");
    if (!document.querySelector(%s) || busy || window.__shots.pending) { return -1; }
    return Date.now() - window.__shots.changed;
})()
"""


class ShotError(Exception):
    pass


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(proc):
    """Stop a process this script started, and its children (own group)."""
    if proc and proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


class Odoo:
    """An Odoo server on a free local port, and a JSON-RPC session as admin."""

    def __init__(self, args, workdir):
        self.db = args.db
        self.port = args.port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = os.path.join(workdir, "odoo.log")
        addons = (
            args.addons_path
            or subprocess.check_output(
                [sys.executable, os.path.join(REPO, "scripts", "odoo_paths.py")],
                text=True,
            ).strip()
        )
        cmd = [
            sys.executable,
            "-m",
            "odoo",
            f"--addons-path={addons}",
            "--db_host=",
            f"--database={self.db}",
            f"--db-filter=^{self.db}$",
            "--http-interface=127.0.0.1",
            f"--http-port={self.port}",
            "--max-cron-threads=0",
            "--log-level=warn",
            f"--logfile={self.log}",
        ]
        self.proc = subprocess.Popen(cmd, start_new_session=True)
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies)
        )

    def wait(self):
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise ShotError(f"Odoo stopped at start:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/web/health", timeout=5):
                    return
            except OSError:
                time.sleep(0.5)
        raise ShotError(f"Odoo did not answer on {self.url} in {TIMEOUT} s")

    def rpc(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params})
        request = urllib.request.Request(
            self.url + path, body.encode(), {"Content-Type": "application/json"}
        )
        with self.opener.open(request, timeout=TIMEOUT) as response:
            answer = json.load(response)
        if answer.get("error"):
            raise ShotError(f"{path}: {answer['error']['data']['message']}")
        return answer["result"]

    def login(self, login="admin", password="admin"):
        self.rpc(
            "/web/session/authenticate",
            {"db": self.db, "login": login, "password": password},
        )
        return next(c.value for c in self.cookies if c.name == "session_id")

    def call(self, model, method, *args, **kwargs):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def download(self, path):
        with self.opener.open(self.url + path, timeout=TIMEOUT) as response:
            return response.read()

    def log_tail(self, lines=30):
        if not os.path.exists(self.log):
            return ""
        with open(self.log, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-lines:])

    def log_errors(self):
        """The ERROR and CRITICAL records of the log, with their tracebacks,
        but those of OFFLINE loggers."""
        if not os.path.exists(self.log):
            return []
        errors, record = [], None
        with open(self.log, encoding="utf-8", errors="replace") as f:
            for line in f:
                header = LOG_RECORD.match(line)
                if header:
                    record = None
                    if header["level"] in ("ERROR", "CRITICAL"):
                        if not header["logger"].startswith(OFFLINE):
                            record = []
                            errors.append(record)
                if record is not None:
                    record.append(line)
        return ["".join(record) for record in errors]


class Browser:
    """Headless Chromium and one page, driven over the DevTools Protocol."""

    def __init__(self, executable, workdir):
        profile = os.path.join(workdir, "chromium")
        cmd = [
            executable,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--disable-background-networking",
            "--no-first-run",
            "--no-default-browser-check",
            "--hide-scrollbars",
            "--font-render-hinting=none",
            "--force-device-scale-factor=1",
            f"--window-size={WIDTH},{HEIGHT}",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "about:blank",
        ]
        self.profile = profile
        self.proc = subprocess.Popen(
            cmd, stderr=subprocess.DEVNULL, start_new_session=True
        )
        self.ws = None

    def connect(self):
        port = self._devtools_port(os.path.join(self.profile, "DevToolsActivePort"))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as f:
            page = next(t for t in json.load(f) if t["type"] == "page")
        self.ws = websocket.create_connection(
            page["webSocketDebuggerUrl"], suppress_origin=True, timeout=TIMEOUT
        )
        self.ids = 0
        self.errors = []
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.send("Page.addScriptToEvaluateOnNewDocument", source=PROBE)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )

    def _devtools_port(self, path):
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise ShotError("Chromium stopped at start")
            if os.path.exists(path) and os.path.getsize(path) > 1:
                with open(path, encoding="utf-8") as f:
                    return int(f.readline())
            time.sleep(0.1)
        raise ShotError("Chromium did not open its DevTools port")

    def send(self, method, **params):
        self.ids += 1
        self.ws.send(json.dumps({"id": self.ids, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.ids:
                if "error" in message:
                    raise ShotError(f"{method}: {message['error']}")
                return message["result"]
            self._event(message)

    def _event(self, message):
        method, params = message.get("method"), message.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details["text"]
            self.errors.append(text)
        elif method == "Runtime.consoleAPICalled" and params["type"] in (
            "error",
            "assert",
        ):
            args = params.get("args", [])
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in args)
            self.errors.append(f"console.{params['type']}: {text}")
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            entry = params["entry"]
            self.errors.append(f"{entry['text']} {entry.get('url', '')}".strip())

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate",
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise ShotError(
                details.get("exception", {}).get("description") or details["text"]
            )
        return result["result"].get("value")

    def wait(self, selector, what, quiet=QUIET_MS):
        """Wait until selector is on the page and the page has settled."""
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            state = self.evaluate(SETTLED % json.dumps(selector))
            if isinstance(state, str):
                raise ShotError(f"{what}: {state}")
            self.check(what)
            if state >= quiet:
                self.evaluate("document.fonts.ready.then(() => true)")
                return
            time.sleep(0.1)
        raise ShotError(f"{what}: {selector} did not settle in {TIMEOUT} s")

    def check(self, what):
        if self.errors:
            raise ShotError(f"{what}: browser errors:\n" + "\n".join(self.errors))

    def goto(self, url, selector, what, quiet=QUIET_MS):
        self.send("Page.navigate", url=url)
        self.wait(selector, what, quiet)

    def click(self, selector, what):
        found = self.evaluate(
            f"(() => {{ const el = document.querySelector({json.dumps(selector)});"
            " if (el) { el.click(); } return !!el; })()"
        )
        if not found:
            raise ShotError(f"{what}: nothing matches {selector}")

    def screenshot(self, clip=None):
        params = {"format": "png", "captureBeyondViewport": bool(clip)}
        if clip:
            params["clip"] = {**clip, "scale": 1}
        return base64.b64decode(self.send("Page.captureScreenshot", **params)["data"])

    def close(self):
        try:
            if self.ws:
                self.ws.close()
        finally:
            stop(self.proc)


def save(png, name, out):
    """A palette PNG: screens are flat colours, 256 of them are plenty."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image = image.quantize(
        256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    path = os.path.join(out, name)
    image.save(path, optimize=True)
    print(f"  {os.path.relpath(path, REPO)} ({os.path.getsize(path) // 1024} KiB)")


# ----------------------------------------------------------------------
# The Excel summary as a picture: the sheet as an HTML table
# ----------------------------------------------------------------------
# the number formats the workbooks use: '"$"#,##0.00', '#,##0.00 "kr"', '0.0%'
NUMBER_FORMAT = re.compile(
    r'(?:"(?P<before>[^"]*)")?(?P<digits>[#0,]+(?:\.(?P<decimals>0+))?)'
    r'(?P<percent>%?)(?P<space> ?)(?:"(?P<after>[^"]*)")?'
)


def cell_text(cell):
    """The value as Excel shows it, for the formats the workbooks use."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%Y-%m-%d")
    if not isinstance(value, int | float):
        return str(value)
    match = NUMBER_FORMAT.fullmatch(cell.number_format or "")
    if not match:
        return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"
    decimals = len(match["decimals"] or "")
    if match["percent"]:
        value *= 100
    number = (
        f"{value:,.{decimals}f}" if "," in match["digits"] else f"{value:.{decimals}f}"
    )
    return (
        (match["before"] or "")
        + number
        + match["percent"]
        + match["space"]
        + (match["after"] or "")
    )


def cell_style(cell):
    style = []
    if cell.font and cell.font.b:
        style.append("font-weight:bold")
    fill = cell.fill
    if fill and fill.fill_type == "solid" and isinstance(fill.fgColor.rgb, str):
        style.append(f"background:#{fill.fgColor.rgb[-6:]}")
    if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
        style.append("text-align:right")
    return ";".join(style)


def sheet_html(sheet):
    merged = {}
    hidden = set()
    for rng in sheet.merged_cells.ranges:
        merged[(rng.min_row, rng.min_col)] = rng.max_col - rng.min_col + 1
        hidden.update(
            (row, col)
            for row in range(rng.min_row, rng.max_row + 1)
            for col in range(rng.min_col, rng.max_col + 1)
        )
    rows = []
    for row in sheet.iter_rows():
        cells = []
        for cell in row:
            key = (cell.row, cell.column)
            if key in hidden and key not in merged:
                continue
            span = f' colspan="{merged[key]}"' if key in merged else ""
            cells.append(
                f'<td{span} style="{cell_style(cell)}">'
                f"{html.escape(cell_text(cell))}</td>"
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
        "body{margin:0;padding:16px;background:#fff;font:13px Calibri,Carlito,"
        "'Liberation Sans',Arial,sans-serif;color:#000}"
        "#sheet{display:inline-block}table{border-collapse:collapse}"
        "td{border:1px solid #d4d4d4;padding:3px 8px;white-space:nowrap}"
        ".tab{display:inline-block;margin-top:8px;padding:2px 14px;"
        "border:1px solid #d4d4d4;border-top:0;background:#fff;font-weight:bold}"
        "</style></head><body><div id='sheet'><table>"
        + "".join(rows)
        + f"</table><div class='tab'>{html.escape(sheet.title)}</div></div>"
        "</body></html>"
    )


# ----------------------------------------------------------------------
# The screens
# ----------------------------------------------------------------------
def action_url(odoo, xmlid, suffix=""):
    return f"{odoo.url}/odoo/action-{xmlid}{suffix}"


VIEW = ".o_action_manager .o_view_controller"


def first_id(odoo, model, domain, order):
    """The id of the first record of ``model`` in ``domain``: the demo has
    one."""
    found = odoo.call(model, "search_read", domain, ["id"], order=order, limit=1)
    if not found:
        raise ShotError(f"no {model} record matches {domain}: is it the demo?")
    return found[0]["id"]


def shot_all_accounts(odoo, browser):
    browser.goto(action_url(odoo, ALL_ACCOUNTS), VIEW + ".o_list_view", "All Accounts")
    return browser.screenshot()


def shot_account_form(odoo, browser):
    """The account with the highest score: a key account and its explanation."""
    account = first_id(
        odoo, "cirrus.kam.account", [("tier_id", "!=", False)], "score desc, id"
    )
    url = action_url(odoo, ALL_ACCOUNTS, f"/{account}")
    browser.goto(url, VIEW + ".o_form_view", "account form")
    return browser.screenshot()


def shot_kanban(odoo, browser):
    url = action_url(odoo, ALL_ACCOUNTS, "?view_type=kanban")
    browser.goto(url, VIEW + ".o_kanban_view", "kanban")
    return browser.screenshot()


def shot_workload_graph(odoo, browser):
    url = action_url(odoo, WORKLOAD, "?view_type=graph")
    # the chart animates on its canvas, which the page probe does not see
    browser.goto(url, VIEW + ".o_graph_view canvas", "Workload graph", quiet=1500)
    return browser.screenshot()


def shot_workload_pivot(odoo, browser):
    url = action_url(odoo, WORKLOAD, "?view_type=pivot")
    browser.goto(url, VIEW + ".o_pivot_view", "Workload pivot")
    return browser.screenshot()


def open_preview(odoo, browser, action, label, scroll_to=None):
    """The wizard ``action`` over All Accounts, as its list button opens
    it, after Preview; scrolled to ``scroll_to`` when given."""
    browser.goto(action_url(odoo, ALL_ACCOUNTS), VIEW + ".o_list_view", "All Accounts")
    browser.evaluate(
        "odoo.__WOWL_DEBUG__.root.env.services.action"
        f".doAction({json.dumps(action)}).then(() => true)"
    )
    dialog = ".modal:has(.o_form_view)"
    browser.wait(f"{dialog} button[name=action_preview]", f"{label} dialog")
    browser.click(f"{dialog} button[name=action_preview]", f"{label} dialog")
    browser.wait(f"{dialog} button[name=action_apply]", f"{label} preview")
    if scroll_to:
        scrolled = browser.evaluate(
            f"(() => {{ const lines = document.querySelector({json.dumps(dialog)})"
            f".querySelector({json.dumps(scroll_to)});"
            " if (!lines) { return false; }"
            " lines.scrollIntoView({block: 'start'}); return true; })()"
        )
        if not scrolled:
            raise ShotError(f"{label} preview: no {scroll_to} in the dialog")
    browser.wait(f"{dialog} button[name=action_apply]", f"{label} preview", 300)
    return browser.screenshot()


def shot_classify_preview(odoo, browser):
    """Classify with the company's settings, Preview: the proposed changes,
    not the settings above them."""
    return open_preview(odoo, browser, CLASSIFY, "Classify", "[name=preview]")


def shot_rebalance(odoo, browser):
    """Rebalance, Preview: each manager's utilization before and after, and
    the moves."""
    return open_preview(odoo, browser, REBALANCE, "Rebalance")


def shot_team_form(odoo, browser):
    """The first Account Management team: each member's load next to their
    capacity."""
    team = first_id(odoo, "crm.team", [("kam_role", "=", "am")], "id")
    url = action_url(odoo, TEAMS, f"/{team}")
    browser.goto(url, VIEW + ".o_form_view", "team form")
    tab = ".o_notebook a.nav-link[name=cirrus_kam_capacity]"
    browser.click(tab, "team form")
    browser.wait(tab + ".active", "team form", 300)
    return browser.screenshot()


def shot_workload_excel(odoo, browser):
    """The Summary sheet of Workload (Excel) of every row, as an HTML table."""
    workbook = openpyxl.load_workbook(
        io.BytesIO(odoo.download("/report/xlsx/cirrus_kam.workload_xlsx"))
    )
    page = os.path.join(os.path.dirname(odoo.log), "workload_summary.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(sheet_html(workbook.worksheets[0]))
    browser.goto(f"file://{page}", "#sheet", "Excel workload summary", quiet=300)
    box = browser.evaluate(
        "(() => { const s = document.querySelector('#sheet').getBoundingClientRect();"
        " return {x: 0, y: 0, width: Math.ceil(s.right + 16),"
        " height: Math.ceil(s.bottom + 16)}; })()"
    )
    return browser.screenshot(clip=box)


# file name (screenshot_<name>.png) -> how to take it
SHOTS = {
    "all_accounts": shot_all_accounts,
    "account_form": shot_account_form,
    "kanban": shot_kanban,
    "workload_graph": shot_workload_graph,
    "workload_pivot": shot_workload_pivot,
    "classify_preview": shot_classify_preview,
    "rebalance": shot_rebalance,
    "team_form": shot_team_form,
    "workload_excel": shot_workload_excel,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("SHOTS_DB", "cirrus_kam_shots"))
    parser.add_argument("--addons-path", help="default: scripts/odoo_paths.py")
    parser.add_argument("--port", type=int, help="default: a free port")
    parser.add_argument("--chromium", default=None, help="default: chromium on PATH")
    parser.add_argument("--out", default=OUT)
    parser.add_argument(
        "--only", help=f"comma-separated, among: {', '.join(SHOTS)} (default: all)"
    )
    args = parser.parse_args()
    executable = args.chromium or next(
        filter(
            None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))
        ),
        None,
    )
    if not executable:
        sys.exit("Chromium is missing: make chromium")
    names = args.only.split(",") if args.only else list(SHOTS)
    unknown = set(names) - set(SHOTS)
    if unknown:
        sys.exit(f"unknown screenshots: {', '.join(sorted(unknown))}")
    workdir = tempfile.mkdtemp(prefix="kam-shots-")
    odoo = browser = None
    # a terminated run still stops its server and browser (finally below)
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit("screenshots: terminated"))
    try:
        odoo = Odoo(args, workdir)
        print(f"Odoo on {odoo.url}, database {args.db}; log {odoo.log}")
        odoo.wait()
        session = odoo.login()
        browser = Browser(executable, workdir)
        browser.connect()
        browser.send(
            "Network.setCookie", name="session_id", value=session, url=odoo.url
        )
        for name in names:
            save(SHOTS[name](odoo, browser), f"screenshot_{name}.png", args.out)
        errors = odoo.log_errors()
        if errors:
            raise ShotError("errors in the Odoo log:\n" + "".join(errors))
    except ShotError as error:
        print(f"screenshots FAILED: {error}", file=sys.stderr)
        if odoo:
            print(odoo.log_tail(), file=sys.stderr)
        print(f"(files kept in {workdir})", file=sys.stderr)
        return 1
    finally:
        if browser:
            browser.close()
        if odoo:
            stop(odoo.proc)
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
