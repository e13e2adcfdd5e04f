# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from . import cirrus_kam_classify_wizard
from . import base_partner_merge_automatic_wizard
