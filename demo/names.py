"""Thai names of the demo: villages, volunteers, their phones and the training venues.

Village names follow the commonest pattern of Thai muban names, "บ้าน" + a landscape word
(pond, mound, stream, forest...), so a map of the demo reads like a real one. The romanisation
is RTGS, as on road signs.
"""

from __future__ import annotations

from typing import Final

import numpy as np

VILLAGE_WORDS: Final[tuple[tuple[str, str], ...]] = (
    ("หนองบัว", "Nong Bua"),
    ("โนนสูง", "Non Sung"),
    ("ดอนแดง", "Don Daeng"),
    ("ห้วยทราย", "Huai Sai"),
    ("ป่าไผ่", "Pa Phai"),
    ("หนองแวง", "Nong Waeng"),
    ("โนนสะอาด", "Non Sa-at"),
    ("ดอนมูล", "Don Mun"),
    ("หนองหิน", "Nong Hin"),
    ("ห้วยแก้ว", "Huai Kaeo"),
    ("ท่าช้าง", "Tha Chang"),
    ("นาคำ", "Na Kham"),
    ("หนองสระ", "Nong Sa"),
    ("โคกกลาง", "Khok Klang"),
    ("หนองบอน", "Nong Bon"),
    ("ดงเย็น", "Dong Yen"),
    ("หนองไผ่", "Nong Phai"),
    ("สระแก้ว", "Sa Kaeo"),
    ("หนองแค", "Nong Khae"),
    ("ทุ่งใหญ่", "Thung Yai"),
    ("นาดี", "Na Di"),
    ("โคกสูง", "Khok Sung"),
    ("หนองโน", "Nong No"),
    ("ห้วยยาง", "Huai Yang"),
    ("ท่าทอง", "Tha Thong"),
    ("บ่อทอง", "Bo Thong"),
    ("หนองกุง", "Nong Kung"),
    ("โพธิ์ทอง", "Pho Thong"),
    ("โพธิ์ศรี", "Pho Si"),
    ("สันติสุข", "Santi Suk"),
    ("ใหม่พัฒนา", "Mai Phatthana"),
    ("หัวนา", "Hua Na"),
    ("หัวดง", "Hua Dong"),
    ("ดอนตาล", "Don Tan"),
    ("หนองจอก", "Nong Chok"),
    ("นาโพธิ์", "Na Pho"),
    ("หนองเรือ", "Nong Ruea"),
    ("โนนทอง", "Non Thong"),
    ("ห้วยไผ่", "Huai Phai"),
    ("ทุ่งเจริญ", "Thung Charoen"),
    ("หนองหญ้าปล้อง", "Nong Ya Plong"),
    ("วังน้ำเย็น", "Wang Nam Yen"),
    ("วังทอง", "Wang Thong"),
    ("คลองใหม่", "Khlong Mai"),
    ("คลองตะเคียน", "Khlong Takhian"),
    ("ควนขนุน", "Khuan Khanun"),
    ("ควนเนียง", "Khuan Niang"),
    ("ทุ่งยาว", "Thung Yao"),
    ("บางใหญ่", "Bang Yai"),
    ("บางน้อย", "Bang Noi"),
    ("ปากคลอง", "Pak Khlong"),
    ("ท่าข้าม", "Tha Kham"),
    ("หนองตะเคียน", "Nong Takhian"),
    ("สามัคคี", "Samakkhi"),
    ("เหล่าใหญ่", "Lao Yai"),
    ("ดอนสำราญ", "Don Samran"),
    ("แม่ตืน", "Mae Tuen"),
    ("ป่าสัก", "Pa Sak"),
    ("ป่าตาล", "Pa Tan"),
    ("ต้นผึ้ง", "Ton Phueng"),
    ("ทุ่งโพธิ์", "Thung Pho"),
    ("เกาะกลาง", "Ko Klang"),
    ("หนองน้ำใส", "Nong Nam Sai"),
    ("ห้วยหิน", "Huai Hin"),
    ("โนนงาม", "Non Ngam"),
    ("นาเจริญ", "Na Charoen"),
    ("หนองม่วง", "Nong Muang"),
    ("โคกเจริญ", "Khok Charoen"),
    ("ดอนไชย", "Don Chai"),
    ("สันทราย", "San Sai"),
    ("น้ำบ่อ", "Nam Bo"),
    ("หนองขาม", "Nong Kham"),
    ("หนองคู", "Nong Khu"),
    ("บ่อแก้ว", "Bo Kaeo"),
    ("ท่าแร่", "Tha Rae"),
    ("หนองแสง", "Nong Saeng"),
    ("ศรีสุข", "Si Suk"),
    ("ทรายทอง", "Sai Thong"),
    ("ไร่ใหม่", "Rai Mai"),
    ("หนองปลาไหล", "Nong Pla Lai"),
    ("ห้วยขวาง", "Huai Khwang"),
    ("นาใหม่", "Na Mai"),
    ("แหลมทอง", "Laem Thong"),
    ("ทุ่งนา", "Thung Na"),
)

FIRST_NAMES: Final[tuple[str, ...]] = (
    "สมชาย",
    "สมศักดิ์",
    "สมหญิง",
    "สุนทร",
    "ประเสริฐ",
    "วิชัย",
    "สุรชัย",
    "อนุชา",
    "ธนพล",
    "กิตติศักดิ์",
    "ณัฐพล",
    "ชัยวัฒน์",
    "พงษ์ศักดิ์",
    "บุญมี",
    "บุญเรือง",
    "ทองใบ",
    "สมพร",
    "มาลี",
    "สุภาพร",
    "วันเพ็ญ",
    "อรุณี",
    "กาญจนา",
    "นภาพร",
    "ปราณี",
    "รัตนา",
    "ศิริพร",
    "จิราพร",
    "พรทิพย์",
    "สุดารัตน์",
    "วิไลวรรณ",
    "อำไพ",
    "ประยูร",
    "สมบัติ",
    "เกียรติศักดิ์",
    "ยุทธนา",
    "ปิยะพงษ์",
    "ชนิดา",
    "ธิดารัตน์",
    "เพ็ญศรี",
    "อุดม",
)

FAMILY_NAMES: Final[tuple[str, ...]] = (
    "ศรีสุข",
    "แก้วมณี",
    "บุญมา",
    "ทองดี",
    "สุขสวัสดิ์",
    "จันทร์หอม",
    "พรหมมา",
    "ศรีวงศ์",
    "วงศ์ใหญ่",
    "แสงทอง",
    "ใจดี",
    "มีสุข",
    "ชัยมงคล",
    "บุญประเสริฐ",
    "รัตนพันธ์",
    "อินทร์แก้ว",
    "คำแสน",
    "ภูมิสุข",
    "ทองคำ",
    "สายบุญ",
    "ปัญญาดี",
    "พิมพ์ทอง",
    "ศรีประเสริฐ",
    "นาคสวัสดิ์",
    "เพชรรัตน์",
    "สมบูรณ์",
    "เจริญผล",
    "ยอดดี",
    "หอมจันทร์",
    "ทองประเสริฐ",
    "บุญยืน",
    "แก้วประเสริฐ",
    "คงสวัสดิ์",
    "จันทร์แก้ว",
    "สุวรรณรัตน์",
    "มณีวงศ์",
    "ขันทอง",
    "พลอยงาม",
    "อ่อนศรี",
    "สิงห์ทอง",
)

MOBILE_PREFIXES: Final = np.array([1, 2, 4, 5, 6, 8, 9])
"""Third digit of Thai mobile numbers 08X in 2019."""

VENUES: Final[tuple[tuple[str, str], ...]] = (
    ("ศาลากลางจังหวัด{th}", "{en} Provincial Hall"),
    ("หอประชุมอำเภอเมือง{th}", "Mueang {en} District Hall"),
    ("สำนักงานยุติธรรมจังหวัด{th}", "{en} Provincial Justice Office"),
    ("ศูนย์บริการลูกค้า ทีโอที จังหวัด{th}", "TOT Service Centre, {en}"),
)
BANGKOK_VENUE: Final = ("ศาลาว่าการกรุงเทพมหานคร", "Bangkok City Hall")


def village_names(rng: np.random.Generator, group_sizes: np.ndarray) -> tuple[list[str], list[str]]:
    """Thai and English names of villages grouped by tambon: distinct within a tambon (up to 84 moo)."""
    words = np.concatenate([rng.permutation(len(VILLAGE_WORDS))[:size] for size in group_sizes])
    th = [f"บ้าน{VILLAGE_WORDS[i][0]}" for i in words]
    en = [f"Ban {VILLAGE_WORDS[i][1]}" for i in words]
    return th, en


def person_names(rng: np.random.Generator, count: int) -> list[str]:
    """Full names "first family"; the family name pool is small, so some repeat (as in a real village)."""
    first = rng.integers(len(FIRST_NAMES), size=count)
    family = rng.integers(len(FAMILY_NAMES), size=count)
    return [f"{FIRST_NAMES[i]} {FAMILY_NAMES[j]}" for i, j in zip(first, family, strict=True)]


def mobile_phones(rng: np.random.Generator, count: int) -> list[str]:
    """Distinct mobile numbers "08X-XXX-XXXX"."""
    numbers = rng.choice(len(MOBILE_PREFIXES) * 10_000_000, size=count, replace=False)
    prefixes = MOBILE_PREFIXES[numbers // 10_000_000]
    rest = numbers % 10_000_000
    return [f"08{p}-{r // 10_000:03d}-{r % 10_000:04d}" for p, r in zip(prefixes, rest, strict=True)]


def venue(province_code: str, name_th: str, name_en: str, variant: int) -> tuple[str, str]:
    """Thai and English venue of a province's training session."""
    if province_code == "10":
        return BANGKOK_VENUE
    th, en = VENUES[variant % len(VENUES)]
    return th.format(th=name_th), en.format(en=name_en)
