# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Generate an addon's README.rst and static/description/index.html from its
readme/*.md fragments, as OCA does.

    python3 scripts/gen_readme.py cirrus_kam           # write both files
    python3 scripts/gen_readme.py --check cirrus_kam   # fail when one is stale

OCA's ``oca-gen-addon-readme`` (maintainer-tools) is not on PyPI; this follows
its layout: title, badges, DESCRIPTION, table of contents, the sections of the
other fragments in OCA's order, bug tracker and credits. Markdown fragments are
converted with pandoc (from ``pypandoc-binary``, so it works offline) with the
options OCA uses, and the result is checked with docutils like OCA does. The
source digest of OCA's template is left out, so that a manifest change that
does not show in the README does not make it stale.

index.html is the description Odoo's Apps shows (and the app store), made
from README.rst with docutils as OCA does. Images stay relative, unlike OCA's
(which points them to raw.githubusercontent.com): a fragment's
``../static/description/x.png`` (right for GitHub's view of readme/) becomes
``static/description/x.png`` in README.rst and ``x.png`` in index.html, next
to which the images are; Odoo serves those as
/<addon>/static/description/x.png."""

import argparse
import ast
import difflib
import io
import os
import re
import sys

import pypandoc
from docutils.core import publish_string

# fragment name -> (section title, heading level); OCA's order and levels
FRAGMENTS = {
    "DESCRIPTION": (None, 2),
    "CONTEXT": ("Use Cases / Context", 2),
    "INSTALL": ("Installation", 2),
    "CONFIGURE": ("Configuration", 2),
    "USAGE": ("Usage", 2),
    "DEVELOP": ("Development", 2),
    "ROADMAP": ("Known issues / Roadmap", 2),
    "HISTORY": ("Changelog", 2),
    "CONTRIBUTORS": ("Contributors", 3),
    "CREDITS": ("Other credits", 3),
}
# GitHub flavoured markdown, no raw html, no auto identifiers (as OCA)
MARKDOWN = "gfm-raw_html-gfm_auto_identifiers"
STATUS_BADGES = {
    "mature": ("Mature-brightgreen", "Mature"),
    "production/stable": ("Production%2FStable-green", "Production/Stable"),
    "beta": ("Beta-yellow", "Beta"),
    "alpha": ("Alpha-red", "Alpha"),
}
LICENSE_BADGES = {
    "AGPL-3": "agpl-3.0-standalone.html",
    "LGPL-3": "lgpl-3.0-standalone.html",
    "GPL-3": "gpl-3.0-standalone.html",
}
RST_SETTINGS = {  # as OCA's check_rst: any warning is an error
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "halt_level": 2,
    "report_level": 2,
    "warning_stream": io.StringIO(),
}
HTML_SETTINGS = {  # OCA's index.html: no xml declaration (Odoo warns on it)
    **RST_SETTINGS,
    "math_output": "MathJax",
    "smart_quotes": True,
    "syntax_highlight": "short",
    "xml_declaration": False,
    "output_encoding": "utf-8",
}
# the path of an image or figure directive
IMAGE_PATH = re.compile(r"^(\s*\.\. (?:\|[^|]+\| )?(?:image|figure):: +)", re.MULTILINE)


def title(text, char, over=False):
    line = char * len(text)
    return f"{line}\n{text}\n{line}\n" if over else f"{text}\n{line}\n"


def fragment(addon_dir, name, level):
    md = os.path.join(addon_dir, "readme", name + ".md")
    if not os.path.exists(md):
        if os.path.exists(md[:-3] + ".rst"):
            sys.exit(f"{md[:-3]}.rst: only .md fragments are supported")
        return None
    with open(md, encoding="utf-8") as f:
        text = f.read()
    if not text.strip():
        return None
    rst = pypandoc.convert_text(
        text,
        "rst",
        format=MARKDOWN,
        extra_args=[f"--shift-heading-level-by={level - 2}"],
        sandbox=True,
    ).replace("\r\n", "\n")
    # relative to README.rst, one folder up from readme/
    rst = re.sub(IMAGE_PATH.pattern + r"\.\./", r"\1", rst, flags=re.MULTILINE)
    return rst.rstrip("\n") + "\n"


def make_badges(manifest, org, repo, branch, addon):
    """The (image, target, alt) of OCA's maturity, licence and repository badges."""
    badges = []
    status = manifest.get("development_status", "Beta").lower()
    if status in STATUS_BADGES:
        badge, alt = STATUS_BADGES[status]
        badges.append(
            (
                f"https://img.shields.io/badge/maturity-{badge}.png",
                "https://odoo-community.org/page/development-status",
                alt,
            )
        )
    lic = manifest.get("license")
    if lic in LICENSE_BADGES:
        badges.append(
            (
                "https://img.shields.io/badge/license-"
                f"{lic.replace('-', '--')}-blue.png",
                f"http://www.gnu.org/licenses/{LICENSE_BADGES[lic]}",
                f"License: {lic}",
            )
        )
    if org:
        badges.append(
            (
                f"https://img.shields.io/badge/github-{org.replace('-', '--')}%2F"
                f"{repo.replace('-', '--')}-lightgray.png?logo=github",
                f"https://github.com/{org}/{repo}/tree/{branch}/{addon}",
                f"{org}/{repo}",
            )
        )

    return badges


def render(addon_dir):
    addon = os.path.basename(os.path.abspath(addon_dir))
    with open(os.path.join(addon_dir, "__manifest__.py"), encoding="utf-8") as f:
        manifest = ast.literal_eval(f.read())
    branch = ".".join(manifest["version"].split(".")[:2])
    match = re.match(
        r"https://github\.com/([^/]+)/([^/]+)", manifest.get("website", "")
    )
    org, repo = match.groups() if match else (None, None)
    fragments = {
        name: fragment(addon_dir, name, lvl) for name, (_, lvl) in FRAGMENTS.items()
    }
    if not fragments["DESCRIPTION"]:
        sys.exit(f"{addon_dir}/readme/DESCRIPTION.md is missing or empty")

    badges = make_badges(manifest, org, repo, branch, addon)
    status = manifest.get("development_status", "Beta").lower()

    out = [title(manifest["name"], "=", over=True)]
    out += [
        "..",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "   !! This file is generated by scripts/gen_readme.py   !!",
        "   !! from readme/*.md: edit those, then `make readme`. !!",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "",
    ]
    for i, (image, target, alt) in enumerate(badges, 1):
        out += [
            f".. |badge{i}| image:: {image}",
            f"    :target: {target}",
            f"    :alt: {alt}",
        ]
    if badges:
        out += ["", " ".join(f"|badge{i}|" for i in range(1, len(badges) + 1)), ""]
    out += [fragments["DESCRIPTION"]]
    if status == "alpha":
        out += [
            ".. IMPORTANT::",
            "   This is an alpha version, the data model and design can change at any "
            "time without warning.",
            "   Only for development or testing purpose, do not use in production.",
            "",
        ]
    out += ["**Table of contents**", "", ".. contents::", "   :local:", ""]
    for name, (heading, level) in FRAGMENTS.items():
        if level == 2 and heading and fragments[name]:
            out += [title(heading, "="), fragments[name]]
    if org:
        issues = f"https://github.com/{org}/{repo}/issues"
        out += [
            title("Bug Tracker", "="),
            f"Bugs are tracked on `GitHub Issues <{issues}>`_.",
            "In case of trouble, please check there if your issue has already been "
            "reported.",
            "",
        ]
    out += [title("Credits", "=")]
    authors = [a.strip() for a in manifest.get("author", "").split(",") if a.strip()]
    if authors:
        out += [title("Authors", "-")] + [f"* {a}" for a in authors] + [""]
    for name, (heading, level) in FRAGMENTS.items():
        if level == 3 and fragments[name]:
            out += [title(heading, "-"), fragments[name]]
    maintainers = manifest.get("maintainers") or []
    out += [title("Maintainers", "-")]
    for login in maintainers:
        out += [
            f".. |maintainer-{login}| image:: https://github.com/{login}.png?size=40px",
            f"    :target: https://github.com/{login}",
            f"    :alt: {login}",
        ]
    if maintainers:
        plural = "s" if len(maintainers) > 1 else ""
        out += ["", f"Current maintainer{plural}:", ""]
        out += [" ".join(f"|maintainer-{m}|" for m in maintainers), ""]
    if org:
        out += [
            f"This module is part of the `{org}/{repo} "
            f"<https://github.com/{org}/{repo}/tree/{branch}/{addon}>`_ "
            "project on GitHub.",
            "",
        ]
    out += ["You are welcome to contribute."]
    text = "\n".join(out).rstrip("\n") + "\n"
    publish_string(text, writer_name="html4css1", settings_overrides=dict(RST_SETTINGS))
    return text


def render_index(readme):
    """static/description/index.html from the text of README.rst."""
    local = re.sub(
        IMAGE_PATH.pattern + r"static/description/", r"\1", readme, flags=re.MULTILINE
    )
    html = publish_string(
        local, writer_name="html4css1", settings_overrides=dict(HTML_SETTINGS)
    ).decode("utf-8")
    # as OCA: without docutils' version, which would make it stale
    return re.sub(r"(<meta.*generator.*Docutils)\s*[\d.]+", r"\1", html)


def write_or_check(path, text, check):
    """1 when the file is stale (check) else 0; writes it otherwise."""
    old = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    if old == text:
        return 0
    if check:
        sys.stdout.writelines(
            difflib.unified_diff(
                old.splitlines(True), text.splitlines(True), path, path + " (generated)"
            )
        )
        print(f"{path} is stale: run `make readme` and commit it")
        return 1
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"{path} written")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="fail when README.rst is stale"
    )
    parser.add_argument("addon_dirs", nargs="+")
    args = parser.parse_args()
    stale = 0
    for addon_dir in args.addon_dirs:
        text = render(addon_dir)
        index = os.path.join(addon_dir, "static", "description", "index.html")
        stale += write_or_check(os.path.join(addon_dir, "README.rst"), text, args.check)
        stale += write_or_check(index, render_index(text), args.check)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
