"""Thai and English wording of the demo's showcase items: subjects per kind and sentences to tell them.

Subjects are what Thai villages really show in the volunteers' app (OTOP products, local
festivals, waterfalls, homestays, community markets). A title is the subject followed by the
village name written together, as in Thai ("ผ้าไหมมัดหมี่บ้านหนองบัว"), so a search for a word
inside it ("มัดหมี่") is a real test of substring search.
"""

from __future__ import annotations

from typing import Final

SUBJECTS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "product": (
        ("ผ้าไหมมัดหมี่", "Mudmee silk"),
        ("ข้าวหอมมะลิอินทรีย์", "Organic jasmine rice"),
        ("น้ำพริกเผา", "Roasted chilli paste"),
        ("กาแฟคั่วมือ", "Hand-roasted coffee"),
        ("ตะกร้าสานไม้ไผ่", "Woven bamboo basket"),
        ("น้ำผึ้งป่า", "Wild honey"),
        ("กล้วยตาก", "Sun-dried bananas"),
        ("สบู่สมุนไพร", "Herbal soap"),
        ("ผ้าขาวม้าทอมือ", "Hand-woven pha khao ma"),
        ("ทุเรียนกวน", "Durian paste"),
        ("ปลาส้ม", "Fermented fish"),
        ("เสื่อกก", "Reed mat"),
    ),
    "story": (
        ("ประเพณีบุญบั้งไฟ", "The rocket festival"),
        ("ตำนานศาลเจ้าพ่อ", "The legend of the guardian shrine"),
        ("ภูมิปัญญาการทอผ้า", "Weaving know-how"),
        ("ผู้สูงอายุหัดใช้สมาร์ทโฟน", "Elders learn to use smartphones"),
        ("ขายของออนไลน์ครั้งแรก", "Our first online sale"),
        ("ประวัติหมู่บ้าน", "The history of the village"),
        ("เด็กๆ เรียนออนไลน์", "Children learning online"),
        ("เกษตรกรรุ่นใหม่", "Young farmers"),
    ),
    "tourist_spot": (
        ("น้ำตก", "Waterfall"),
        ("ถ้ำหินปูน", "Limestone cave"),
        ("วัดเก่า", "Old temple"),
        ("จุดชมวิวทะเลหมอก", "Sea-of-mist viewpoint"),
        ("ตลาดน้ำ", "Floating market"),
        ("หาดทราย", "Sandy beach"),
        ("สะพานไม้ไผ่", "Bamboo bridge"),
        ("ทุ่งดอกบัว", "Lotus field"),
    ),
    "homestay": (
        ("โฮมสเตย์ริมน้ำ", "Riverside homestay"),
        ("บ้านพักกลางทุ่งนา", "Rice-field homestay"),
        ("โฮมสเตย์สวนผลไม้", "Orchard homestay"),
        ("บ้านไม้โบราณ", "Old teak-house homestay"),
        ("โฮมสเตย์บนดอย", "Hill homestay"),
        ("บ้านพักชาวประมง", "Fisherfolk homestay"),
    ),
    "activity": (
        ("ตลาดนัดชุมชน", "Community market"),
        ("อบรมการขายออนไลน์", "Online-selling workshop"),
        ("ปั่นจักรยานชมหมู่บ้าน", "Village bike tour"),
        ("ทำบุญตักบาตร", "Morning alms giving"),
        ("เรียนทำอาหารพื้นบ้าน", "Local cooking class"),
        ("ปลูกป่าชายเลน", "Mangrove planting"),
        ("แข่งเรือยาว", "Long-boat race"),
    ),
}

SENTENCES: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "product": (
        ("ผลิตโดยกลุ่มแม่บ้านในหมู่บ้าน ใช้วัตถุดิบจากท้องถิ่น", "Made by the village housewives' group from local materials."),
        ("สั่งซื้อได้ทางออนไลน์ จัดส่งทั่วประเทศ", "Order online; shipped nationwide."),
        ("ได้รับการรับรองสินค้า OTOP ของจังหวัด", "Certified as an OTOP product of the province."),
        ("ทำตามสูตรดั้งเดิมที่สืบทอดกันมาหลายรุ่น", "Made to a recipe handed down for generations."),
    ),
    "story": (
        ("เรื่องเล่าจากผู้เฒ่าผู้แก่ในหมู่บ้าน", "A story told by the village elders."),
        (
            "อาสาสมัครเน็ตประชารัฐบันทึกไว้เพื่อให้คนรุ่นหลังได้เรียนรู้",
            "Recorded by the Net Pracharat volunteer for the next generation.",
        ),
        ("ชาวบ้านร่วมแรงร่วมใจกันจนสำเร็จ", "The villagers pulled together until it worked."),
        ("อินเทอร์เน็ตหมู่บ้านช่วยให้เรื่องนี้ไปถึงคนทั้งประเทศ", "The village internet took this story to the whole country."),
    ),
    "tourist_spot": (
        ("เดินทางสะดวก มีที่จอดรถ", "Easy to reach, with parking."),
        ("ช่วงเวลาที่สวยที่สุดคือฤดูหนาว", "Most beautiful in the cool season."),
        ("มีมัคคุเทศก์ท้องถิ่นพาชม", "Local guides show you around."),
        ("เปิดให้เข้าชมทุกวันโดยไม่เสียค่าใช้จ่าย", "Open every day, free of charge."),
    ),
    "homestay": (
        ("ห้องพักสะอาด มีอาหารเช้าแบบพื้นบ้าน", "Clean rooms with a local breakfast."),
        ("มี WiFi ฟรีจากเน็ตประชารัฐ", "Free WiFi from Net Pracharat."),
        ("รับนักท่องเที่ยวได้ครั้งละ 10 คน", "Takes up to 10 guests at a time."),
        ("เจ้าของบ้านพาทำกิจกรรมกับชุมชน", "Your hosts take you to community activities."),
    ),
    "activity": (
        ("ทุกคนเข้าร่วมได้ ไม่มีค่าใช้จ่าย", "Everyone is welcome, free of charge."),
        ("จัดขึ้นที่ศาลาประชาคมหมู่บ้าน", "Held at the village meeting hall."),
        ("อาสาสมัครเน็ตประชารัฐช่วยประชาสัมพันธ์ทางออนไลน์", "The Net Pracharat volunteer announces it online."),
        ("จัดเป็นประจำทุกเดือน", "Held every month."),
    ),
}

WHERE: Final = ("ตั้งอยู่ที่{village} อำเภอ{district} จังหวัด{province}", "In {village}, {district}, {province}.")
