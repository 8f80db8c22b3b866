"""Phone numbers as editors write them, checked against the UK's numbering plan.

The plan (which ranges are in use, and how many digits each has) comes from `phonenumberslite`,
Google's libphonenumber data, updated as Ofcom changes it. It is imported only when a setting or
a page has a phone number, so a build without one never loads it."""

import re

REGION = "GB"  # libphonenumber's code for the UK's numbering plan (Northern Ireland's numbers too)
SHORT = r"[19][0-9]{2}(?: ?[0-9]{3})?"  # 111, 999, 116 123: numbers called without an area code


def is_uk_number(text):
    """Whether `text` is a UK phone number in use (or a UK short number, like 111 or 116 123)."""
    number = parsed(text)
    return number is not None and (is_valid(number, REGION) or is_short(number))


def is_dialable(digits):
    """Whether the digits of a tel: link make a number in use, written as it is dialled: a leading + for
    a number with its country code, which never has a 0 after it (+44 20…, not +44 020…)."""
    number = parsed(digits)
    if number is None or not digits.startswith("+"):
        return number is not None and (is_valid(number, None) or is_short(number))
    return is_valid(number, None) and digits == written(number, "E164")


def how_to_write(text, link=False):
    """Return a hint for a phone number that is not right: the number as it should be written (in a
    tel: link when `link`), when the digits make a UK number in use; otherwise what to check."""
    number = parsed(text)
    if number is not None and not number.extension and is_valid(number, REGION):
        national = written(number, "NATIONAL")
        return f"write it as tel:{national.replace(' ', '')}" if link else f"write it as {national}"
    digits = re.sub(r"[^0-9]", "", text)
    return (f"check each digit against the source: {len(digits)} digits starting {digits[:3]} is not a UK number in use "
            "(most have 11 digits, starting 0)")


def parsed(text):
    """Return `text` as libphonenumber's number, read as UK numbers are dialled there, or None."""
    import phonenumbers

    try:
        return phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        return None


def written(number, style):
    """Return the number written in one of libphonenumber's styles: "NATIONAL" (020 7352 8171) or "E164" (+442073528171)."""
    import phonenumbers

    return phonenumbers.format_number(number, getattr(phonenumbers.PhoneNumberFormat, style))


def is_valid(number, region):
    """Whether the number is in use (in `region`, when it is given)."""
    import phonenumbers

    if region is None:
        return phonenumbers.is_valid_number(number)
    return phonenumbers.is_valid_number_for_region(number, region)


def is_short(number):
    """Whether the number is a UK short number: an emergency, health or helpline number like 111."""
    from phonenumbers import shortnumberinfo

    return number.country_code == 44 and shortnumberinfo.is_valid_short_number_for_region(number, REGION)
