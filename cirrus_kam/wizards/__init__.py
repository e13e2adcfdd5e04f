from . import cirrus_kam_classify_wizard
