"""Why a row or a file is refused, in Thai and English, from one table of codes.

Every refusal carries a code; the texts live here only, so the plan, the error report, the
command line and the API say the same thing in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

REASONS: Final[dict[str, tuple[str, str]]] = {
    "missing": ("ไม่มีค่า", "no value"),
    "not_a_number": ("ไม่ใช่ตัวเลข: {value!r}", "not a number: {value!r}"),
    "not_a_whole_number": ("ไม่ใช่จำนวนเต็ม: {value!r}", "not a whole number: {value!r}"),
    "bad_code": ("รหัสต้องเป็นตัวเลข {digits} หลัก: {value!r}", "the code must be {digits} digits: {value!r}"),
    "not_a_date": ("อ่านวันที่ไม่ได้: {value!r}", "not a date: {value!r}"),
    "implausible_year": (
        "ปี ค.ศ. {year} อยู่นอกช่วงที่เป็นไปได้ ({value!r})",
        "year {year} AD is not plausible ({value!r})",
    ),
    "future": ("เวลาอยู่ในอนาคต: {value}", "the time is in the future: {value}"),
    "out_of_range": ("{value} อยู่นอกช่วง {low} ถึง {high}", "{value} is outside {low} to {high}"),
    "unknown_value": ("ไม่รู้จักค่า {value!r} (ใช้ได้: {allowed})", "unknown value {value!r} (allowed: {allowed})"),
    "too_long": ("ยาวเกิน {limit} ตัวอักษร", "longer than {limit} characters"),
    "code_mismatch": (
        "รหัสหมู่บ้าน {code} ไม่ตรงกับรหัส{level} {value}",
        "village code {code} does not match its {level_en} code {value}",
    ),
    "moo_mismatch": ("หมู่ที่ {value} ไม่ตรงกับรหัสหมู่บ้าน {code}", "moo {value} does not match village code {code}"),
    "name_mismatch": (
        "ชื่อ{level} {value!r} ไม่ตรงกับรหัส {code} ({expected})",
        "{level_en} name {value!r} does not match code {code} ({expected})",
    ),
    "unknown_subdistrict": ("ไม่มีตำบลรหัส {value} ในข้อมูลเขตการปกครอง", "no subdistrict {value} in our geodata"),
    "unknown_village": ("ไม่มีหมู่บ้านรหัส {value} ในฐานข้อมูล", "no village {value} in the database"),
    "unknown_hotspot": ("ไม่มีจุดบริการรหัส {value} ในฐานข้อมูล", "no hotspot {value} in the database"),
    "unknown_province": ("ไม่รู้จักจังหวัด {value!r}", "unknown province {value!r}"),
    "outside_thailand": ("พิกัด ({lat}, {lon}) อยู่นอกประเทศไทย", "the point ({lat}, {lon}) is outside Thailand"),
    "swapped_lat_lon": (
        "ละติจูดและลองจิจูดสลับกัน: ({lat}, {lon}) น่าจะเป็น ({lon}, {lat})",
        "latitude and longitude are swapped: ({lat}, {lon}) should be ({lon}, {lat})",
    ),
    "far_from_district": (
        "พิกัดอยู่ห่างจากอำเภอ {district} {km} กม.",
        "the point is {km} km from its district {district}",
    ),
    "duplicate_in_file": ("ซ้ำกับแถวที่ {line} ในไฟล์เดียวกัน", "duplicates line {line} of the same file"),
    "conflict_in_file": (
        "ข้อมูลขัดกับแถวที่ {line} ที่มีรหัสเดียวกัน",
        "conflicts with line {line}, which has the same key",
    ),
    "older_than_latest": (
        "รายงานเก่ากว่ารายงานล่าสุดที่บันทึกไว้ ({latest}) และสถานะต่างกัน",
        "older than the latest recorded report ({latest}) and of another state",
    ),
    "before_installation": ("ก่อนวันติดตั้ง {installed}", "before the hotspot was installed ({installed})"),
    "trained_before_registered": ("วันอบรมก่อนวันลงทะเบียน", "trained before registered"),
    "phone_taken": (
        "เบอร์นี้เป็นของอาสาสมัครอีกคนในหมู่บ้านเดียวกัน (id {other})",
        "this phone belongs to another volunteer of the village (id {other})",
    ),
    "short_row": (
        "แถวมี {cells} ช่อง แต่หัวตารางมี {columns} ช่อง (ไฟล์ถูกตัด?)",
        "the row has {cells} cells, the header {columns} (truncated file?)",
    ),
    "truncated_row": (
        "ไฟล์ถูกตัดกลางแถวนี้ (ส่งหรือบันทึกไม่ครบ)",
        "the file was cut off inside this row (incomplete transfer or save)",
    ),
    "no_session": (
        "จังหวัด {province} ไม่มีการอบรมวันที่ {value} (กำหนดการ: {held_on})",
        "province {province} held no training session on {value} (its session: {held_on})",
    ),
    "unknown_volunteer": (
        "ไม่พบอาสาสมัครเบอร์นี้ในหมู่บ้าน {value} (นำเข้าอาสาสมัครก่อน)",
        "no volunteer with this phone in village {value} (import the volunteers first)",
    ),
    "other_province": (
        "หมู่บ้านนี้ไม่อยู่ในจังหวัด {value} ที่กำลังแทนที่รายชื่อ",
        "this village is not in province {value}, whose list is being replaced",
    ),
    "unknown_app_volunteer": (
        "ไม่มีอาสาสมัครรหัสแอป {value!r} ในฐานข้อมูล (ส่งข้อมูลอาสาสมัครก่อน)",
        "no volunteer with the app's id {value!r} (send the volunteers first)",
    ),
    "unknown_ticket": (
        "ไม่มีเรื่องรหัสแอป {value!r} ในฐานข้อมูล (ส่งเรื่องก่อนความเคลื่อนไหว)",
        "no ticket with the app's id {value!r} (send the ticket before its events)",
    ),
    "bad_transition": (
        "เปลี่ยนสถานะจาก {from_status} เป็น {to_status} ไม่ได้ตามขั้นตอนของเรื่อง ({detail})",
        "impossible status change: {detail}",
    ),
    "before_latest_event": (
        "ก่อนความเคลื่อนไหวล่าสุดของเรื่องนี้ ({latest}): ประวัติย้อนหลังแก้ไม่ได้",
        "before the ticket's latest event ({latest}): its history is not rewritten",
    ),
    "price_not_product": ("ราคาใส่ได้เฉพาะสินค้า", "a price is for products only"),
}

FILE_PROBLEMS: Final[dict[str, tuple[str, str]]] = {
    "empty": ("ไฟล์ว่างเปล่า", "the file is empty"),
    "no_rows": ("ไฟล์มีแต่หัวตาราง ไม่มีข้อมูล", "the file has a header but no data rows"),
    "too_large": (
        "ไฟล์ขนาด {size_mb} MB ใหญ่เกินกำหนด {limit_mb} MB",
        "the file is {size_mb} MB, over the limit of {limit_mb} MB",
    ),
    "unknown_encoding": (
        "อ่านรหัสอักขระของไฟล์ไม่ได้ (รองรับ UTF-8 และ Windows-874/TIS-620)",
        "the file's text encoding is not UTF-8 nor Windows Thai (cp874/TIS-620)",
    ),
    "unreadable_xlsx": (
        "เปิดไฟล์ Excel ไม่ได้ (ไฟล์เสียหรือถูกตัด): {detail}",
        "the Excel file cannot be read (damaged or truncated): {detail}",
    ),
    "unreadable_csv": ("อ่านไฟล์ CSV ไม่ได้: {detail}", "the CSV file cannot be read: {detail}"),
    "missing_columns": (
        "ไม่พบคอลัมน์ที่ต้องมี: {columns}",
        "required columns not found: {columns}",
    ),
    "wrong_kind": (
        "ไฟล์นี้ดูเหมือนเป็นข้อมูล {detected} ไม่ใช่ {kind}",
        "this looks like a {detected} file, not {kind}",
    ),
    "formulas_without_values": (
        "มีสูตรที่ไม่มีค่าที่คำนวณไว้ (บันทึกไฟล์ใหม่ใน Excel): {cells}",
        "formulas without computed values (save the file again in Excel): {cells}",
    ),
    "replace_not_supported": (
        "การแทนที่รายชื่อทั้งจังหวัดใช้ได้กับหมู่บ้านเท่านั้น ไม่ใช่ {kind}",
        "replacing a province's list works for villages only, not {kind}",
    ),
    "nothing_quarantined": ("ไม่มีแถว {kind} ที่รอแก้ไข", "no quarantined rows of {kind} to retry"),
    "undetected_kind": (
        "ไม่ทราบว่าไฟล์นี้เป็นข้อมูลชนิดใด (หัวตารางไม่ตรงกับชนิดใดเลย): โปรดเลือกชนิดข้อมูล",
        "cannot tell what kind of data this file holds (its header fits no kind): choose its kind",
    ),
    "ambiguous_kind": (
        "หัวตารางของไฟล์นี้ตรงกับข้อมูลหลายชนิด ({kinds_th}): โปรดเลือกชนิดข้อมูล",
        "the file's header fits several kinds ({kinds}): choose its kind",
    ),
    "unknown_kind": ("ไม่รู้จักชนิดข้อมูล {kind!r}", "unknown kind of data {kind!r}"),
    "bad_batch": ("ข้อมูล JSON ไม่ถูกต้อง: {detail}", "the JSON batch is not valid: {detail}"),
    "no_image": ("ไม่มีรูปในคำขอ", "no image in the request body"),
    "image_too_large": (
        "รูปขนาด {size_mb} MB ใหญ่เกินกำหนด {limit_mb} MB",
        "the image is {size_mb} MB, over the limit of {limit_mb} MB (INGEST_IMAGE_MAX_BYTES)",
    ),
    "not_an_image": (
        "ไฟล์นี้ไม่ใช่รูปภาพ ไม่ว่าชื่อไฟล์จะเป็นอะไร (รับเฉพาะ JPEG, PNG, WebP)",
        "this is not an image, whatever its name says (JPEG, PNG or WebP only)",
    ),
    "image_type": (
        "ไม่รับรูปชนิด {format} (รับเฉพาะ JPEG, PNG, WebP)",
        "{format} images are not taken: JPEG, PNG or WebP only",
    ),
    "image_damaged": ("เปิดรูปไม่ได้ (ไฟล์เสียหรือส่งไม่ครบ)", "the image cannot be read (damaged or cut off)"),
    "image_too_many_pixels": (
        "รูปมี {megapixels} ล้านพิกเซล เกินกำหนด {limit} ล้านพิกเซล",
        "the image has {megapixels} megapixels, over the limit of {limit}",
    ),
    "unknown_item": (
        "ไม่มีรายการของดีรหัสแอป {value!r} (ส่งรายการก่อนรูป)",
        "no showcase item with the app's id {value!r} (send the item before its images)",
    ),
}


def _render(template: str, fields: dict[str, object]) -> str:
    try:
        return template.format(**fields)
    except (KeyError, IndexError):
        return template


@dataclass(frozen=True)
class Reason:
    """One refusal: its code and its text in both languages."""

    code: str
    th: str
    en: str

    @classmethod
    def of(cls, reason_code: str, /, **fields: object) -> Reason:
        th, en = REASONS.get(reason_code) or FILE_PROBLEMS[reason_code]
        return cls(reason_code, _render(th, fields), _render(en, fields))


class CellError(ValueError):
    """A cell that cannot be read as its column's type."""

    def __init__(self, reason_code: str, /, **fields: object) -> None:
        self.reason = Reason.of(reason_code, **fields)
        super().__init__(self.reason.en)


class FileRejected(Exception):
    """The whole file cannot be read as the kind asked for (nothing of it is planned or written)."""

    def __init__(self, reason_code: str, /, **fields: object) -> None:
        self.reason = Reason.of(reason_code, **fields)
        super().__init__(f"{self.reason.th} / {self.reason.en}")
