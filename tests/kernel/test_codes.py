"""Specs for taizhang.kernel.codes: credit, industry and division codes, and 亩 conversions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from taizhang.kernel.codes import (
    INDUSTRY_SECTIONS,
    SQUARE_METRES_PER_MU,
    CodeError,
    IndustryCode,
    RegionCode,
    credit_code_check_char,
    industry_section_for_major,
    mu_from_hectares,
    mu_from_square_metres,
    organisation_code_check_char,
    parse_industry_code,
    parse_region_code,
    validate_credit_code,
)

# --- 统一社会信用代码 --------------------------------------------------------------------------

# Built outside the module with an independent implementation of the two checksums.
VALID_CREDIT_CODES = [
    "91350200776049653A",  # DOMAIN.md worked example
    "91330102MA27XL5A88",
    "92331003L401234544",
    "5133000050197265X4",  # organisation check character X
    "12330400004700506P",
    "93330481MA29C0TN7G",
    "Y13310820P9R8Q7W3L",
    "N2330110321456789W",
    "91330100123456710G",  # organisation check character 0
]


@pytest.mark.parametrize("code", VALID_CREDIT_CODES)
def test_it_accepts_valid_credit_codes(code: str) -> None:
    assert validate_credit_code(code) == code


@pytest.mark.parametrize("code", VALID_CREDIT_CODES)
def test_it_accepts_valid_credit_codes_in_strict_organisation_mode(code: str) -> None:
    assert validate_credit_code(code, check_organisation_code=True) == code


def test_it_rejects_the_documented_bad_check_character() -> None:
    with pytest.raises(CodeError) as caught:
        validate_credit_code("91350203M0001QAY9B")
    assert "应为 9，实为 B" in str(caught.value)
    assert "should be 9, got B" in str(caught.value)


def test_it_computes_the_documented_check_character() -> None:
    assert credit_code_check_char("91350200776049653") == "A"
    assert credit_code_check_char("91350203M0001QAY9") == "9"


def test_it_uses_zero_when_the_mod_31_remainder_is_zero() -> None:
    assert credit_code_check_char("9133010278123456J") == "0"
    assert validate_credit_code("9133010278123456J0") == "9133010278123456J0"


def test_it_uses_weights_that_are_powers_of_three_mod_31() -> None:
    documented = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    for position, weight in enumerate(documented):
        unit = ["0"] * 17
        unit[position] = "1"
        expected = (31 - weight % 31) % 31
        assert credit_code_check_char("".join(unit)) == "0123456789ABCDEFGHJKLMNPQRTUWXY"[expected]


@pytest.mark.parametrize(
    ("first8", "expected"),
    [("77604965", "3"), ("M0001QAY", "9"), ("50197265", "X"), ("12345671", "0")],
)
def test_it_computes_organisation_code_check_characters(first8: str, expected: str) -> None:
    assert organisation_code_check_char(first8) == expected


def test_it_refuses_an_organisation_body_of_the_wrong_length() -> None:
    with pytest.raises(CodeError, match="8"):
        organisation_code_check_char("7760496")


def test_it_ignores_the_organisation_check_unless_asked() -> None:
    code = "9133010278123456J0"  # MOD 31 fine, organisation check should be 2
    assert validate_credit_code(code) == code
    with pytest.raises(CodeError) as caught:
        validate_credit_code(code, check_organisation_code=True)
    assert "应为 2，实为 J" in str(caught.value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("91350200776049653a", "91350200776049653A"),
        ("  91350200776049653A\n", "91350200776049653A"),
        ("9135 0200 7760 4965 3A", "91350200776049653A"),
        ("９１３５０２００７７６０４９６５３Ａ", "91350200776049653A"),
        ("９１３５０２００７７６０４９６５３ａ", "91350200776049653A"),
        ("\u300091350200776049653A\u3000", "91350200776049653A"),
    ],
)
def test_it_normalises_case_spaces_and_full_width_input(raw: str, expected: str) -> None:
    assert validate_credit_code(raw) == expected


@pytest.mark.parametrize("code", ["9135020077604965", "91350200776049653A1"])
def test_it_rejects_a_credit_code_of_the_wrong_length(code: str) -> None:
    with pytest.raises(CodeError, match="18"):
        validate_credit_code(code)


@pytest.mark.parametrize("code", ["", "   ", "\u3000"])
def test_it_rejects_an_empty_credit_code(code: str) -> None:
    with pytest.raises(CodeError, match="empty"):
        validate_credit_code(code)


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_it_rejects_a_code_with_a_forbidden_letter(letter: str) -> None:
    code = "91350200776049" + letter + "53A"
    with pytest.raises(CodeError) as caught:
        validate_credit_code(code)
    message = str(caught.value)
    assert f"第 15 位的字符 {letter}" in message
    assert f"character {letter} at position 15 is not allowed" in message


def test_it_rejects_punctuation_and_names_its_position() -> None:
    with pytest.raises(CodeError, match="position 10"):
        validate_credit_code("913502007-6049653A")


def test_it_requires_digits_in_the_region_positions() -> None:
    with pytest.raises(CodeError, match="position 4 is A"):
        validate_credit_code("913A0200776049653A")


def test_it_reports_the_error_as_a_value_error() -> None:
    with pytest.raises(ValueError):
        validate_credit_code("not a code")


# --- 国民经济行业分类 --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("C3511", IndustryCode("C", "35", "351", "3511")),
        ("3511", IndustryCode("C", "35", "351", "3511")),
        ("C35", IndustryCode("C", "35")),
        ("35", IndustryCode("C", "35")),
        ("351", IndustryCode("C", "35", "351")),
        ("3825", IndustryCode("C", "38", "382", "3825")),
        ("c 3511", IndustryCode("C", "35", "351", "3511")),
        ("Ｃ３５１１", IndustryCode("C", "35", "351", "3511")),
        ("0111", IndustryCode("A", "01", "011", "0111")),
        ("A05", IndustryCode("A", "05")),
        ("B06", IndustryCode("B", "06")),
        ("D4411", IndustryCode("D", "44", "441", "4411")),
        ("K7010", IndustryCode("K", "70", "701", "7010")),
        ("6513", IndustryCode("I", "65", "651", "6513")),
        ("P83", IndustryCode("P", "83")),
        ("T97", IndustryCode("T", "97")),
    ],
)
def test_it_parses_industry_codes(raw: str, expected: IndustryCode) -> None:
    assert parse_industry_code(raw) == expected


def test_it_reads_the_documented_example() -> None:
    parsed = parse_industry_code("3825")
    assert (parsed.section, parsed.major, parsed.middle) == ("C", "38", "382")
    assert parsed.section_name == "制造业"
    assert parsed.major_name == "电气机械和器材制造业"
    assert parsed.code == "C3825"


@pytest.mark.parametrize(
    ("raw", "code"), [("35", "C35"), ("351", "C351"), ("c3511", "C3511"), ("0111", "A0111")]
)
def test_it_gives_the_code_with_its_section_letter(raw: str, code: str) -> None:
    assert parse_industry_code(raw).code == code


def test_it_names_both_section_and_major_when_they_disagree() -> None:
    with pytest.raises(CodeError) as caught:
        parse_industry_code("B3511")
    assert "行业代码 B3511 的门类 B 与大类 35 不符，应为 C" in str(caught.value)


@pytest.mark.parametrize("raw", ["U3511", "Z35"])
def test_it_rejects_an_unknown_section_letter(raw: str) -> None:
    with pytest.raises(CodeError, match="A–T"):
        parse_industry_code(raw)


@pytest.mark.parametrize("raw", ["", "C", "3", "C3", "35111", "C35111", "35a1", "C3-11", "CC35"])
def test_it_rejects_industry_codes_of_the_wrong_shape(raw: str) -> None:
    with pytest.raises(CodeError):
        parse_industry_code(raw)


@pytest.mark.parametrize("raw", ["00", "0011", "98", "9900"])
def test_it_rejects_a_major_group_outside_01_to_97(raw: str) -> None:
    with pytest.raises(CodeError, match="01–97"):
        parse_industry_code(raw)


def test_the_sections_cover_every_major_group_once() -> None:
    covered = [m for s in INDUSTRY_SECTIONS for m in range(s.first_major, s.last_major + 1)]
    assert covered == list(range(1, 98))
    assert len(INDUSTRY_SECTIONS) == 20
    assert [s.letter for s in INDUSTRY_SECTIONS] == list("ABCDEFGHIJKLMNOPQRST")


@pytest.mark.parametrize(
    ("major", "letter"), [("01", "A"), ("12", "B"), ("13", "C"), ("43", "C"), ("44", "D")]
)
def test_it_finds_the_section_of_a_major_group(major: str, letter: str) -> None:
    assert industry_section_for_major(major).letter == letter


def test_the_secondary_and_tertiary_sector_counts_match_the_standard() -> None:
    def majors(letters: str) -> int:
        return sum(
            s.last_major - s.first_major + 1 for s in INDUSTRY_SECTIONS if s.letter in letters
        )

    assert majors("BCDE") == 45
    assert majors("FGHIJKLMNOPQRST") == 47


# --- 行政区划代码 ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("33", RegionCode("33", "province", "33")),
        ("3304", RegionCode("3304", "prefecture", "33", "04")),
        ("330000", RegionCode("330000", "province", "33")),
        ("330400", RegionCode("330400", "prefecture", "33", "04")),
        ("330402", RegionCode("330402", "county", "33", "04", "02")),
        (
            "330402001",
            RegionCode("330402001", "township", "33", "04", "02", "001", None, "街道"),
        ),
        ("330402000", RegionCode("330402000", "county", "33", "04", "02")),
        ("330400000000", RegionCode("330400000000", "prefecture", "33", "04")),
        (
            "320508019044",
            RegionCode("320508019044", "village", "32", "05", "08", "019", "044", "街道", "居委会"),
        ),
        (
            "220581102200",
            RegionCode("220581102200", "village", "22", "05", "81", "102", "200", "镇", "村委会"),
        ),
        (
            "441900003000",
            RegionCode("441900003000", "township", "44", "19", None, "003", None, "街道"),
        ),
    ],
)
def test_it_parses_division_codes(raw: str, expected: RegionCode) -> None:
    assert parse_region_code(raw) == expected


def test_it_reads_the_documented_village_example() -> None:
    parsed = parse_region_code("320508019044")
    assert parsed.level == "village"
    assert (parsed.township, parsed.township_kind) == ("019", "街道")
    assert (parsed.village, parsed.village_kind) == ("044", "居委会")
    assert parsed.province_name == "江苏省"


@pytest.mark.parametrize(
    ("township", "kind"),
    [
        ("001", "街道"),
        ("099", "街道"),
        ("100", "镇"),
        ("199", "镇"),
        ("200", "乡"),
        ("399", "乡"),
        ("400", "政企合一单位"),
        ("599", "政企合一单位"),
    ],
)
def test_it_names_the_kind_of_township(township: str, kind: str) -> None:
    assert parse_region_code("330402" + township).township_kind == kind


@pytest.mark.parametrize(
    ("village", "kind"),
    [
        ("001", "居委会"),
        ("199", "居委会"),
        ("200", "村委会"),
        ("399", "村委会"),
        ("400", "类似居委会"),
        ("499", "类似居委会"),
        ("500", "类似村委会"),
        ("599", "类似村委会"),
    ],
)
def test_it_names_the_kind_of_village(village: str, kind: str) -> None:
    assert parse_region_code("330402102" + village).village_kind == kind


def test_it_normalises_spaces_and_full_width_digits_in_division_codes() -> None:
    assert parse_region_code(" ３３０４０２ ").code == "330402"
    assert parse_region_code("330402 102 200").level == "village"


@pytest.mark.parametrize(
    "raw", ["", "3", "330", "33040", "3304021", "33040210", "3304021020", "3304021022001"]
)
def test_it_rejects_division_codes_of_other_lengths(raw: str) -> None:
    with pytest.raises(CodeError, match="2, 4, 6, 9 or 12 digits"):
        parse_region_code(raw)


@pytest.mark.parametrize("raw", ["33040A", "3304-2", "三三"])
def test_it_rejects_division_codes_with_non_digits(raw: str) -> None:
    with pytest.raises(CodeError):
        parse_region_code(raw)


@pytest.mark.parametrize("raw", ["00", "000000", "990000", "16"])
def test_it_rejects_an_unknown_province(raw: str) -> None:
    with pytest.raises(CodeError, match="province code"):
        parse_region_code(raw)


@pytest.mark.parametrize("raw", ["330402600", "330402999000"])
def test_it_rejects_a_township_segment_out_of_range(raw: str) -> None:
    with pytest.raises(CodeError, match=r"township segment \d+ is out of range 001-599"):
        parse_region_code(raw)


@pytest.mark.parametrize("raw", ["330402102600", "330402102999"])
def test_it_rejects_a_village_segment_out_of_range(raw: str) -> None:
    with pytest.raises(CodeError, match=r"village segment \d+ is out of range 001-599"):
        parse_region_code(raw)


@pytest.mark.parametrize("raw", ["330002", "330000001", "330402000001"])
def test_it_rejects_a_lower_segment_under_a_zero_segment(raw: str) -> None:
    with pytest.raises(CodeError, match="is 00"):
        parse_region_code(raw)


# --- 亩 conversions ---------------------------------------------------------------------------


def test_it_converts_the_documented_parcel_to_sixty_mu() -> None:
    assert mu_from_square_metres(Decimal(40000)) == Decimal(60)


def test_it_converts_twelve_hectares_to_180_mu() -> None:
    assert mu_from_hectares(Decimal(12)) == Decimal(180)


@pytest.mark.parametrize(
    ("square_metres", "mu"),
    [("0", "0"), ("10000", "15"), ("1000000", "1500"), ("666.67", "1.000005"), ("1", "0.0015")],
)
def test_it_keeps_full_precision_when_converting_square_metres(square_metres: str, mu: str) -> None:
    assert mu_from_square_metres(Decimal(square_metres)) == Decimal(mu)


def test_one_mu_is_ten_thousand_fifteenths_of_a_square_metre() -> None:
    assert Decimal(10000) / Decimal(15) == SQUARE_METRES_PER_MU
    assert (SQUARE_METRES_PER_MU * 60).quantize(Decimal(1)) == Decimal(40000)
    assert SQUARE_METRES_PER_MU.quantize(Decimal("0.01")) == Decimal("666.67")
