"""Facts about the UK that the site's code relies on, each written once."""

# The UK's nations, in the order the site lists them.
NATIONS = ("England", "Scotland", "Wales", "Northern Ireland")

# Latitude and longitude (WGS84) that enclose the UK, as (lowest, highest).
UK_LATITUDE = (49.8, 60.9)
UK_LONGITUDE = (-8.7, 1.8)

# A full UK postcode in capitals with one space (outward code, then inward code).
POSTCODE = (
    r"(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
    r" [0-9][ABD-HJLNP-UW-Z]{2}"
)
