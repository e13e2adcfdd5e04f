from . import (
    cirrus_kam_demo,
    cirrus_kam_engine,
    cirrus_kam_tier,
    cirrus_kam_tier_history,
    res_company,
    res_config_settings,
    res_partner,
)
