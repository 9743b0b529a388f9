"""Every UI string, and Thai/English number and date formatting, in one place.

Thai is the default language. Dates in Thai mode use the Buddhist era and Thai month
abbreviations ("1 ก.พ. 2562"); numbers use Arabic digits with thousands separators in both
languages, as Thai government dashboards do.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Final

from view.dates import BUDDHIST_ERA_OFFSET
from view.state import Lang

THAI_MONTHS: Final = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
ENGLISH_MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

STRINGS: Final[dict[str, tuple[str, str]]] = {
    # key: (Thai, English)
    "app_title": ("แดชบอร์ดเน็ตประชารัฐ", "Net Pracharat Dashboard"),
    "app_subtitle": ("อินเทอร์เน็ตหมู่บ้าน 24,700 แห่งทั่วประเทศ", "Village internet in 24,700 villages nationwide"),
    "country": ("ประเทศไทย", "Thailand"),
    "metric": ("ตัวชี้วัด", "Metric"),
    "metric_hotspot": ("สถานะจุดกระจายสัญญาณ", "Hotspot health"),
    "metric_volunteer": ("ความครอบคลุมอาสาสมัคร", "Volunteer coverage"),
    "metric_training": ("ความคืบหน้าการอบรม", "Training progress"),
    "as_of": ("ข้อมูล ณ วันที่", "Data as of"),
    "data_fresh_as_of": ("รายงานล่าสุด", "Latest report"),
    "no_reports": ("ยังไม่มีรายงาน", "No reports yet"),
    "freshness_sources": ("ข้อมูลล่าสุดของแต่ละแหล่ง", "Latest data of each source"),
    "source_network_status": ("สถานะเครือข่าย", "Network status"),
    "source_speed_tests": ("ทดสอบความเร็ว", "Speed tests"),
    "source_volunteers": ("อาสาสมัคร/การอบรม", "Volunteers/training"),
    "source_tickets": ("เรื่องแจ้งปัญหา", "Tickets"),
    "source_imports": ("นำเข้าไฟล์ล่าสุด", "Last import"),
    "source_none": ("ไม่มีข้อมูล", "none"),
    "source_stale": ("ไม่เป็นปัจจุบัน (เกิน {days} วัน)", "stale (over {days} days)"),
    "state_online": ("ออนไลน์", "Online"),
    "state_degraded": ("ความเร็วต่ำกว่าเกณฑ์", "Below 30/10 Mbps"),
    "state_offline": ("ออฟไลน์", "Offline"),
    "state_no_data": ("ไม่มีข้อมูล (เกิน 7 วัน)", "No data (over 7 days)"),
    "state_covered": ("มีอาสาสมัคร", "Has a volunteer"),
    "state_no_volunteer": ("ไม่มีอาสาสมัคร", "No volunteer"),
    "state_trained": ("อบรมแล้ว", "Trained"),
    "state_not_trained": ("ยังไม่อบรม", "Not trained yet"),
    "session_done": ("อบรมแล้ว", "Done"),
    "session_scheduled": ("กำหนดการ", "Scheduled"),
    "session_cancelled": ("ยกเลิก", "Cancelled"),
    "session_none": ("ไม่มี", "None"),
    "kpi_villages": ("หมู่บ้าน", "Villages"),
    "kpi_hotspots_online": ("จุดกระจายสัญญาณออนไลน์", "Hotspots online"),
    "kpi_volunteer_coverage": ("หมู่บ้านที่มีอาสาสมัคร", "Villages with a volunteer"),
    "kpi_training_progress": ("หมู่บ้านที่อาสาสมัครผ่านการอบรม", "Villages with a trained volunteer"),
    "kpi_wifi_users": ("ผู้ลงทะเบียนใช้ WiFi", "Registered WiFi users"),
    "kpi_sessions": ("จังหวัดที่จัดอบรมแล้ว", "Provinces trained"),
    "of_hotspots": ("จาก {total} จุด", "of {total} hotspots"),
    "of_villages": ("จาก {total} หมู่บ้าน", "of {total} villages"),
    "of_sessions": ("จาก {total} จังหวัด", "of {total} provinces"),
    "hotspot_breakdown": (
        "ต่ำกว่าเกณฑ์ {degraded} · ออฟไลน์ {offline} · ไม่มีข้อมูล {no_data}",
        "below target {degraded} · offline {offline} · no data {no_data}",
    ),
    "volunteers_counts": (
        "อาสาสมัคร {registered} คน · อบรมแล้ว {trained} คน",
        "{registered} volunteers · {trained} trained",
    ),
    "ranking_title_country": ("จังหวัด", "Provinces"),
    "ranking_title_province": ("อำเภอ", "Districts"),
    "ranking_title_district": ("หมู่บ้าน", "Villages"),
    "ranking_title_subdistrict": ("หมู่บ้าน", "Villages"),
    "ranking_empty": ("ไม่มีหมู่บ้านในโครงการในพื้นที่นี้", "No programme villages in this area"),
    "ranking_hint": ("คลิกชื่อเพื่อเจาะลึก · คลิกหัวตารางเพื่อเรียง", "Click a name to drill down · a header to sort"),
    "ranking_show_all": ("แสดงทั้งหมด {count} รายการ", "Show all {count}"),
    "ranking_show_top": ("แสดงเฉพาะ {count} อันดับแรก", "Show the first {count} only"),
    "col_name": ("ชื่อ", "Name"),
    "col_villages": ("หมู่บ้าน", "Villages"),
    "col_hotspot_online_pct": ("ออนไลน์ %", "Online %"),
    "col_volunteer_coverage_pct": ("มีอาสาฯ %", "Volunteers %"),
    "col_training_progress_pct": ("อบรมแล้ว %", "Trained %"),
    "col_training_session_date": ("วันอบรม", "Training date"),
    "col_state": ("สถานะ", "State"),
    "village_panel": ("ข้อมูลหมู่บ้าน", "Village"),
    "moo": ("หมู่ที่", "Moo"),
    "hotspot": ("จุดกระจายสัญญาณ", "Hotspot"),
    "uptime_30d": ("ออนไลน์ 30 วัน", "30-day uptime"),
    "latest_speed": ("ความเร็วล่าสุด", "Latest speed"),
    "speed_target": ("เกณฑ์ 30/10 Mbps", "target 30/10 Mbps"),
    "no_speed_test": ("ยังไม่มีผลทดสอบ", "not tested yet"),
    "meets_target": ("ผ่านเกณฑ์", "meets target"),
    "below_target": ("ต่ำกว่าเกณฑ์", "below target"),
    "volunteer": ("อาสาสมัคร", "Volunteer"),
    "no_volunteer": ("ยังไม่มีอาสาสมัคร", "No volunteer yet"),
    "registered_on": ("ลงทะเบียน", "registered"),
    "trained_on": ("อบรมเมื่อ", "trained"),
    "not_trained": ("ยังไม่ได้อบรม", "not trained yet"),
    "training_session": ("การอบรมของจังหวัด", "Province training session"),
    "wifi_users": ("ผู้ลงทะเบียนใช้ WiFi", "Registered WiFi users"),
    "personal_data_masked": ("ปกปิดข้อมูลส่วนบุคคล", "personal data masked"),
    "sign_in": ("เข้าสู่ระบบ", "Sign in"),
    "sign_in_email": ("อีเมล", "E-mail"),
    "sign_in_password": ("รหัสผ่าน", "Password"),
    "sign_in_failed": (
        "อีเมลหรือรหัสผ่านไม่ถูกต้อง หรือบัญชีถูกล็อก (ติดต่อผู้ดูแลระบบเพื่อปลดล็อก)",
        "Wrong e-mail or password, or the account is locked (an admin can unlock it)",
    ),
    "sign_in_form_expired": ("แบบฟอร์มหมดอายุ กรุณาลองอีกครั้ง", "The form expired: please try again"),
    "sign_in_too_many": (
        "พยายามเข้าสู่ระบบบ่อยเกินไป กรุณารอสักครู่",
        "Too many sign-in attempts: please wait a minute",
    ),
    "signed_out": ("ออกจากระบบแล้ว", "You are signed out"),
    "sign_in_oidc": ("เข้าสู่ระบบด้วยบัญชีกระทรวง", "Sign in with the ministry account"),
    "sign_in_or": ("หรือ", "or"),
    "oidc_failed": (
        "เข้าสู่ระบบด้วยบัญชีกระทรวงไม่สำเร็จหรือหมดเวลา กรุณาลองอีกครั้ง",
        "Signing in with the ministry account did not complete or expired: please try again",
    ),
    "oidc_unavailable": (
        "ติดต่อระบบบัญชีกระทรวงไม่ได้ในขณะนี้ กรุณาลองใหม่ภายหลังหรือใช้อีเมลและรหัสผ่าน",
        "The ministry's sign-in service does not answer: try again later, or use an e-mail and password",
    ),
    "oidc_refused_no_role": (
        "บัญชีกระทรวงนี้ไม่มีบทบาทในระบบนี้ (ผู้ดูแลระบบ ผู้บริหาร หรือเจ้าหน้าที่จังหวัด) กรุณาติดต่อผู้ดูแลบัญชีของกระทรวง",
        "This ministry account has no role in this dashboard (admin, executive or provincial officer): "
        "ask the ministry's account administrators",
    ),
    "oidc_refused_no_verified_email": (
        "บัญชีกระทรวงนี้ไม่มีอีเมลที่ยืนยันแล้ว จึงสร้างบัญชีในระบบนี้ไม่ได้ กรุณาติดต่อผู้ดูแลบัญชีของกระทรวง",
        "This ministry account has no verified e-mail address, so no account can be made for it here: "
        "ask the ministry's account administrators",
    ),
    "oidc_refused_bad_provinces": (
        "รายการจังหวัดของบัญชีกระทรวงนี้ไม่ถูกต้อง (ต้องเป็นรหัสจังหวัด 2 หลัก) กรุณาติดต่อผู้ดูแลบัญชีของกระทรวง",
        "This ministry account's provinces are not valid two-digit province codes: "
        "ask the ministry's account administrators",
    ),
    "oidc_refused_no_subject": (
        "ระบบบัญชีกระทรวงไม่ได้ระบุตัวตนของผู้ใช้ กรุณาติดต่อผู้ดูแลระบบ",
        "The ministry's sign-in service did not say who you are: ask an admin",
    ),
    "oidc_refused_inactive": (
        "บัญชีนี้ถูกระงับการใช้งานโดยผู้ดูแลระบบ กรุณาติดต่อผู้ดูแลระบบ",
        "This account was deactivated by an admin of this dashboard: ask an admin",
    ),
    "sign_out": ("ออกจากระบบ", "Sign out"),
    "sign_out_everywhere": ("ออกจากระบบทุกอุปกรณ์", "Sign out everywhere"),
    "account": ("บัญชีผู้ใช้", "Account"),
    "account_signed_in_as": ("เข้าสู่ระบบในชื่อ", "Signed in as"),
    "account_provinces_none": ("ไม่มี", "none"),
    "admin_users": ("ผู้ใช้งาน", "Users"),
    "admin_audit": ("บันทึกการใช้งาน", "Audit log"),
    "admin_back_to_map": ("กลับไปที่แผนที่", "Back to the map"),
    "admin_role": ("บทบาท", "Role"),
    "admin_provinces": ("รหัสจังหวัด", "Province codes"),
    "admin_state": ("สถานะ", "State"),
    "admin_active": ("ใช้งานได้", "active"),
    "admin_inactive": ("ระงับการใช้งาน", "deactivated"),
    "admin_locked": ("ถูกล็อก", "locked"),
    "admin_save": ("บันทึก", "Save"),
    "admin_unlock": ("ปลดล็อก", "Unlock"),
    "admin_deactivate": ("ระงับ", "Deactivate"),
    "admin_activate": ("เปิดใช้งาน", "Activate"),
    "admin_reset_password": ("ตั้งรหัสผ่านใหม่", "Reset password"),
    "admin_create": ("เพิ่มผู้ใช้", "Add a user"),
    "admin_done": ("บันทึกแล้ว", "Saved"),
    "admin_password_once": (
        "รหัสผ่านใหม่ (แสดงครั้งเดียว ส่งให้ผู้ใช้ทางช่องทางที่ปลอดภัย):",
        "New password (shown once; hand it over by a safe channel):",
    ),
    "role_admin": ("ผู้ดูแลระบบ", "Admin"),
    "role_executive": ("ผู้บริหาร", "Executive"),
    "role_officer": ("เจ้าหน้าที่จังหวัด", "Provincial officer"),
    "audit_actor": ("ผู้กระทำ", "Actor"),
    "audit_action": ("การกระทำ", "Action"),
    "audit_at": ("เวลา", "Time"),
    "audit_target": ("เป้าหมาย", "Target"),
    "audit_from": ("จาก", "From"),
    "audit_detail": ("รายละเอียด", "Detail"),
    "audit_filter": ("กรอง", "Filter"),
    "audit_first_rows": ("แสดง {count} รายการล่าสุด ส่งออก CSV เพื่อดูทั้งหมด", "The latest {count} shown; the CSV has all"),
    "admin_imports": ("นำเข้าข้อมูล", "Import"),
    "import_file": ("ไฟล์ CSV หรือ Excel (ไม่เกิน {mb} MB)", "CSV or Excel file (up to {mb} MB)"),
    "import_file_name": ("ไฟล์", "File"),
    "import_kind": ("ชนิดข้อมูล", "Kind of data"),
    "import_detect": ("ตรวจจากหัวตาราง", "Detect from the header"),
    "import_detected": ("ตรวจพบจากหัวตาราง", "detected from the header"),
    "import_replace_province": (
        "แทนที่รายชื่อหมู่บ้านทั้งจังหวัด (รหัสจังหวัด เฉพาะหมู่บ้าน)",
        "Replace this province's village list (province code, villages only)",
    ),
    "import_preview": ("ดูแผนก่อนนำเข้า", "Show the plan"),
    "import_choose_file": ("กรุณาเลือกไฟล์ก่อน", "Choose a file first"),
    "import_pending_missing": (
        "ไม่พบไฟล์ที่รอการยืนยัน (ยืนยันไปแล้ว หรือเกิน 24 ชั่วโมง) กรุณาอัปโหลดอีกครั้ง",
        "No upload is waiting under this link (already confirmed, or over 24 hours old): upload it again",
    ),
    "import_plan": ("แผนการนำเข้า (ยังไม่ได้บันทึก)", "Import plan (nothing written yet)"),
    "import_result": ("ผลการนำเข้า", "Import result"),
    "import_rows_in": ("แถวทั้งหมด", "Rows"),
    "import_new": ("ใหม่", "New"),
    "import_changed": ("เปลี่ยนแปลง", "Changed"),
    "import_unchanged": ("เหมือนเดิม", "Unchanged"),
    "import_rejected": ("ถูกปฏิเสธ", "Rejected"),
    "import_line": ("แถวที่", "Line"),
    "import_column": ("คอลัมน์", "Column"),
    "import_reason": ("เหตุผล", "Reason"),
    "import_note": ("หมายเหตุ", "Note"),
    "import_first_rejected": (
        "แถวที่ถูกปฏิเสธ {shown} แถวแรก จากทั้งหมด {total} แถว",
        "The first {shown} of {total} rejected rows",
    ),
    "import_rejected_quarantined": (
        "แถวที่ถูกปฏิเสธจะถูกเก็บไว้รอแก้ไข ไม่สูญหาย",
        "rejected rows are kept in quarantine, never dropped",
    ),
    "import_error_report": ("ดาวน์โหลดรายงานข้อผิดพลาด (CSV)", "Download the error report (CSV)"),
    "import_already": (
        "ไฟล์นี้นำเข้าแล้ว (sha256 เดียวกัน): ครั้งที่ {run} เมื่อ {at} UTC โดย {by} จะไม่นำเข้าซ้ำ",
        "This file was already imported (same sha256): run {run}, {at} UTC, by {by}. It is not imported again.",
    ),
    "import_replace_plan": (
        "แทนที่รายชื่อหมู่บ้านของจังหวัด {province}: จะลบ {removed} หมู่บ้านที่ไม่อยู่ในไฟล์",
        "Replacing province {province}'s list: {removed} villages not in the file will be deleted",
    ),
    "import_kept": (
        "เก็บไว้ {kept} หมู่บ้านที่ไม่อยู่ในไฟล์ เพราะยังมีจุดบริการ อาสาสมัคร หรือเรื่องแจ้งอ้างถึง",
        "{kept} villages not in the file are kept: hotspots, volunteers or tickets still name them",
    ),
    "import_confirm": ("ยืนยันการนำเข้า", "Confirm the import"),
    "import_cancel": ("ยกเลิก", "Cancel"),
    "import_done": ("นำเข้าแล้ว: ครั้งที่ {run}", "Imported: run {run}"),
    "import_retried": (
        "นำแถวที่รอแก้ไขเข้าอีกครั้งแล้ว: ครั้งที่ {run} ยังรอแก้ไข {left} แถว",
        "Quarantined rows tried again: run {run}; {left} still held",
    ),
    "import_see_map": ("ดูบนแผนที่", "See it on the map"),
    "import_recent": ("การนำเข้าล่าสุด", "Recent imports"),
    "import_at": ("เวลา", "When"),
    "import_by": ("โดย", "By"),
    "import_source": ("ช่องทาง", "Door"),
    "import_held": ("รอแก้ไข", "Quarantined"),
    "import_retry": ("ลองนำเข้าแถวที่รอแก้ไขอีกครั้ง: {kind} ({count} แถว)", "Re-try quarantined rows: {kind} ({count})"),
    "import_none": ("ยังไม่มีการนำเข้า", "No imports yet"),
    "legend_choropleth": ("% ของจังหวัด", "% of area"),
    "map_hint": (
        "คลิกจังหวัดหรืออำเภอบนแผนที่เพื่อเจาะลึก",
        "Click a province or district on the map to drill down",
    ),
    "no_villages": ("ไม่มีหมู่บ้านในโครงการ", "No programme villages"),
    "language": ("ภาษา", "Language"),
    "open_village": ("ดูหมู่บ้าน", "Open village"),
    # briefing-room display (/display/)
    "display_title": ("เน็ตประชารัฐ", "Net Pracharat"),
    "metric_short_hotspot": ("จุด WiFi", "Hotspots"),  # short: the playlist strip is one line
    "metric_short_volunteer": ("อาสาสมัคร", "Volunteers"),
    "metric_short_training": ("การอบรม", "Training"),
    "display_chip_map": ("แผนที่ · {metric}", "Map · {metric}"),
    "display_chip_behind": ("ตามหลัง · {metric}", "Behind · {metric}"),
    "display_chip_rollout": ("ความคืบหน้าการอบรม", "Training roll-out"),
    "display_behind_title": ("{areas}ที่ตามหลังมากที่สุด · {metric}", "{areas} furthest behind · {metric}"),
    "display_rollout_title": ("ความคืบหน้าการอบรมอาสาสมัครตามเวลา", "Volunteer training roll-out over time"),
    "display_furthest_behind": ("ตามหลังมากที่สุด", "Furthest behind"),
    "display_all_done_country": ("ทุกจังหวัดครบ 100%", "Every province at 100%"),
    "display_all_done_province": ("ทุกอำเภอครบ 100%", "Every district at 100%"),
    "display_pct_villages": ("% ของหมู่บ้าน", "% of villages"),
    "display_next": ("ถัดไป", "Next"),
    "display_updated": ("อัปเดตล่าสุด", "Updated"),
    "display_loading": ("กำลังโหลดข้อมูล…", "Loading data…"),
    "display_stale": ("ข้อมูลไม่เป็นปัจจุบัน", "STALE DATA"),
    "display_no_training": ("ยังไม่มีการอบรม", "No training yet"),
    "display_chip_tickets": ("เรื่องแจ้งปัญหา", "Tickets"),
    "display_chip_showcase": ("ของดีหมู่บ้าน", "Showcase"),
    "display_tickets_title": ("เรื่องแจ้งปัญหา: เรื่องค้างและแนวโน้ม", "Tickets: backlog and trend"),
    "display_showcase_title": ("ของดีหมู่บ้าน", "Village showcase"),
    "display_tickets_overdue": ("เกินกำหนด SLA", "Overdue (SLA)"),
    "display_tickets_median": ("วันปิดเรื่อง (มัธยฐาน 90 วัน)", "Days to close (median, 90 days)"),
    "display_tickets_per_week": ("เรื่องต่อสัปดาห์", "Tickets per week"),
    "display_tickets_backlog": ("{areas}ที่มีเรื่องค้างมากที่สุด", "{areas} with the most open tickets"),
    "display_no_tickets": ("ไม่มีเรื่องค้าง", "No open tickets"),
    # village showcase (products, stories, tourist spots, homestays, activities) and the HTML map export
    "showcase_tab": ("ของดีหมู่บ้าน", "Showcase"),
    "overview_tab": ("ภาพรวม", "Overview"),
    "showcase_kind_product": ("สินค้า", "Products"),
    "showcase_kind_story": ("เรื่องเล่า", "Stories"),
    "showcase_kind_tourist_spot": ("แหล่งท่องเที่ยว", "Tourist spots"),
    "showcase_kind_homestay": ("โฮมสเตย์", "Homestays"),
    "showcase_kind_activity": ("กิจกรรม", "Activities"),
    "showcase_all_kinds": ("ทุกประเภท", "All kinds"),
    "showcase_search": ("ค้นหา เช่น มัดหมี่ น้ำตก โฮมสเตย์", "Search, e.g. silk, waterfall, homestay"),
    "showcase_count": ("{shown} จาก {total} รายการ", "{shown} of {total} items"),
    "showcase_more": ("แสดงเพิ่ม", "Show more"),
    "showcase_empty": ("ไม่พบรายการในพื้นที่นี้", "No items in this area"),
    "showcase_baht": ("{price} บาท", "{price} baht"),
    "showcase_contact": ("ติดต่อ", "Contact"),
    "showcase_published": ("เผยแพร่เมื่อ", "Published"),
    "showcase_close": ("ปิด", "Close"),
    "showcase_layer": ("แสดงของดีหมู่บ้านบนแผนที่", "Show showcase items on the map"),
    "showcase_in_village": ("ของดีหมู่บ้าน", "Village showcase"),
    "download_map_html": ("ดาวน์โหลดแผนที่ (HTML)", "Download map (HTML)"),
    # tickets
    "tab_overview": ("ภาพรวม", "Overview"),
    "tab_tickets": ("เรื่องแจ้งปัญหา", "Tickets"),
    "tickets_heading": ("เรื่องแจ้งปัญหาของ{area}", "Tickets of {area}"),
    "ticket_status_not_started": ("ยังไม่ดำเนินการ", "Not started"),
    "ticket_status_in_progress": ("กำลังดำเนินการ", "In progress"),
    "ticket_status_done": ("ดำเนินการแล้วเสร็จ", "Done"),
    "ticket_category_outage": ("สัญญาณขาด/ใช้งานไม่ได้", "No signal / outage"),
    "ticket_category_slow": ("อินเทอร์เน็ตช้า", "Slow line"),
    "ticket_category_equipment": ("อุปกรณ์/ไฟฟ้า", "Equipment or power"),
    "ticket_category_login": ("ลงทะเบียน/เข้าสู่ระบบ WiFi", "WiFi registration/login"),
    "ticket_category_request": ("คำขอ/ความต้องการของพื้นที่", "Request of the area"),
    "ticket_category_other": ("อื่น ๆ", "Other"),
    "agency_tot": ("ทีโอที", "TOT"),
    "agency_pea": ("การไฟฟ้าส่วนภูมิภาค", "PEA"),
    "agency_de_office": ("สำนักงานดิจิทัลฯ จังหวัด", "Provincial DE office"),
    "agency_mdes": ("กระทรวงดิจิทัลฯ", "MDES"),
    "tickets_all_categories": ("ทุกประเภท", "All categories"),
    "tickets_search": ("ค้นหา: เลขที่ ชื่อเรื่อง หรือหมู่บ้าน", "Search: number, title or village"),
    "tickets_overdue_only": ("เฉพาะที่เกินกำหนด", "Overdue only"),
    "tickets_reported_from": ("แจ้งตั้งแต่วันที่", "Reported from"),
    "tickets_reported_until": ("ถึงวันที่", "until"),
    "tickets_total": ("ทั้งหมด {total} เรื่อง", "{total} tickets"),
    "tickets_open": ("ค้าง {open} เรื่อง", "{open} open"),
    "tickets_overdue": ("เกินกำหนด {overdue} เรื่อง", "{overdue} overdue"),
    "tickets_median_close": ("ใช้เวลาปิดเรื่อง (มัธยฐาน 90 วัน) {days} วัน", "Median time to close (90 days) {days} days"),
    "tickets_flow_opened": ("แจ้งเข้า", "Opened"),
    "tickets_flow_closed": ("ปิดเรื่อง", "Closed"),
    "tickets_flow_title": ("เข้า-ปิด รายสัปดาห์", "Opened vs closed per week"),
    "tickets_backlog_title": ("เรื่องค้างตามพื้นที่", "Open backlog by area"),
    "open_ticket_table": ("เปิดตารางเรื่องแจ้ง", "Open the ticket table"),
    "ticket_table_title": ("ตารางเรื่องแจ้ง", "Ticket table"),
    "col_ticket_id": ("เลขที่", "No."),
    "col_created": ("วันที่แจ้ง", "Reported"),
    "col_ticket_title": ("เรื่อง", "Title"),
    "col_ticket_status": ("สถานะ", "Status"),
    "col_category": ("ประเภท", "Category"),
    "col_village": ("หมู่บ้าน", "Village"),
    "col_agency": ("หน่วยงาน", "Agency"),
    "col_age_days": ("อายุ (วัน)", "Age (days)"),
    "col_sla": ("SLA", "SLA"),
    "col_open": ("ค้าง", "Open"),
    "col_overdue": ("เกินกำหนด", "Overdue"),
    "col_tickets": ("ทั้งหมด", "All"),
    "col_updated": ("ปรับปรุงล่าสุด", "Updated"),
    "col_district": ("อำเภอ", "District"),
    "col_province": ("จังหวัด", "Province"),
    "sla_overdue": ("เกินกำหนด", "Overdue"),
    "ticket_detail": ("เรื่องแจ้งปัญหาเลขที่ {id}", "Ticket {id}"),
    "ticket_reported_by": ("ผู้แจ้ง: อาสาสมัครประจำหมู่บ้าน", "Reported by the village's volunteer"),
    "ticket_history": ("ประวัติการดำเนินการ", "History"),
    "ticket_as_of": ("สถานะ ณ วันที่ {date}", "Status as of {date}"),
    "ticket_later_events": (
        "หลังวันที่นี้มีความเคลื่อนไหวอีก {count} รายการ (สถานะปัจจุบัน: {status})",
        "Events after this day: {count} (status today: {status})",
    ),
    "ticket_event_created": ("แจ้งเรื่อง", "Reported"),
    "ticket_by_reporter": ("ผู้แจ้ง", "reporter"),
    "ticket_change_status": ("เปลี่ยนสถานะ / บันทึกเพิ่มเติม", "Change status / add a note"),
    "ticket_new_status": ("สถานะใหม่", "New status"),
    "ticket_note": ("บันทึก", "Note"),
    "ticket_note_hint": ("จำเป็นเมื่อย้อนสถานะหรือเปิดเรื่องใหม่", "Needed to step back or to reopen"),
    "ticket_save": ("บันทึก", "Save"),
    "ticket_saved": ("บันทึกแล้ว: แสดงข้อมูลล่าสุด", "Saved: showing the latest data"),
    "ticket_refused_unknown_status": ("ไม่มีสถานะ “{to_status}”", "There is no status “{to_status}”"),
    "ticket_refused_already": (
        "เรื่องนี้อยู่ในสถานะ “{status}” แล้ว: เพิ่มบันทึก หรือเลือกสถานะอื่น",
        "The ticket is already “{status}”: add a note, or choose another status",
    ),
    "ticket_refused_not_allowed": (
        "เปลี่ยนจาก “{from_status}” เป็น “{to_status}” ไม่ได้ (เปลี่ยนได้เป็น {allowed})",
        "A ticket cannot go from “{from_status}” to “{to_status}” (it can go to {allowed})",
    ),
    "ticket_refused_note_needed": (
        "การย้อนจาก “{from_status}” กลับเป็น “{to_status}” ต้องมีบันทึกเหตุผล",
        "Going back from “{from_status}” to “{to_status}” needs a note saying why",
    ),
    "ticket_refused_note_too_long": (
        "บันทึกยาวได้ไม่เกิน {limit:,} ตัวอักษร",
        "The note is limited to {limit:,} characters",
    ),
    "ticket_refused_not_found": ("ไม่พบเรื่องแจ้งเลขที่ {ticket_id}", "There is no ticket {ticket_id}"),
    "ticket_refused_not_permitted": (
        "คุณเปลี่ยนเรื่องแจ้งของจังหวัดนี้ ({province}) ไม่ได้",
        "You may not change tickets of this province ({province})",
    ),
    "ticket_refused_conflict": (
        "มีผู้เปลี่ยนเรื่องนี้ก่อนแล้ว: ขณะนี้เป็น “{current_status}” ไม่ใช่ “{expected_status}”",
        "Someone changed the ticket meanwhile: it is “{current_status}” now, not “{expected_status}”",
    ),
    "ticket_refused_change_key_malformed": (
        "แบบฟอร์มส่งข้อมูลไม่ถูกต้อง: เปิดเรื่องนี้ใหม่",
        "The form sent a malformed change key: reopen the ticket",
    ),
    "ticket_refused_change_key_reused": (
        "การเปลี่ยนแปลงก่อนหน้าจากแบบฟอร์มนี้บันทึกไว้แล้ว: เปิดเรื่องนี้ใหม่เพื่อบันทึกรายการใหม่",
        "This form's previous change was already saved: reopen the ticket to make a new one",
    ),
    "ticket_show_on_map": ("ดูหมู่บ้านบนแผนที่", "Show the village on the map"),
    "ticket_sla": ("กำหนดเสร็จภายใน {days} วัน", "SLA {days} days"),
    "export_tickets_csv": ("ดาวน์โหลดเรื่องแจ้ง CSV", "Tickets CSV"),
    "export_tickets_xlsx": ("ดาวน์โหลดเรื่องแจ้ง Excel", "Tickets XLSX"),
    "export_villages_csv": ("ดาวน์โหลดหมู่บ้าน CSV", "Villages CSV"),
    "export_villages_xlsx": ("ดาวน์โหลดหมู่บ้าน Excel", "Villages XLSX"),
    "export_queued": ("รอคิวสร้างไฟล์ Excel…", "Waiting for a worker to build the XLSX…"),
    "export_running": ("กำลังสร้างไฟล์ Excel: {done} จาก {total} แถว", "Building the XLSX: {done} of {total} rows"),
    "export_ready": ("ไฟล์พร้อมแล้ว:", "Ready:"),
    "export_failed": ("สร้างไฟล์ไม่สำเร็จ กรุณาลองใหม่", "The file could not be built; please try again"),
    "export_busy": (
        "ขณะนี้มีการสร้างไฟล์หลายรายการ กรุณาลองใหม่ในอีกสักครู่",
        "Many files are being built; please try again in a moment",
    ),
    "tickets_map_switch": ("แสดงเรื่องค้างบนแผนที่", "Show open tickets on the map"),
    "tickets_map_trace": ("เรื่องค้าง", "Open tickets"),
    "village_tickets": ("เรื่องแจ้งปัญหา: ค้าง {open} จาก {total} เรื่อง", "Tickets: {open} open of {total}"),
}


def t(key: str, lang: Lang, **values: object) -> str:
    """The UI string ``key`` in ``lang``, with ``{name}`` placeholders filled from ``values``."""
    thai, english = STRINGS[key]
    text = thai if lang == "th" else english
    return text.format(**values) if values else text


def format_number(value: float | int | None, decimals: int = 0) -> str:
    """1234567 -> '1,234,567'; missing values as an en dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{decimals}f}"


def format_pct(value: float | None) -> str:
    """42.57 -> '42.6%'; an area without villages has no share: '–'."""
    return "–" if value is None or math.isnan(value) else f"{value:.1f}%"


@dataclass(frozen=True)
class DateStyle:
    """How a language writes dates: month names, the era's year offset, the suffix after a time.

    The display's clock (assets/display.js) receives the same style, so every date on every page
    follows one set of rules.
    """

    months: tuple[str, ...]
    year_offset: int
    time_suffix: str


DATE_STYLES: Final[dict[Lang, DateStyle]] = {
    "th": DateStyle(THAI_MONTHS, BUDDHIST_ERA_OFFSET, " น."),
    "en": DateStyle(ENGLISH_MONTHS, 0, ""),
}


def format_date(day: dt.date | None, lang: Lang) -> str:
    """1 Feb 2019 -> '1 ก.พ. 2562' (Thai, Buddhist era) or '1 Feb 2019'."""
    if day is None:
        return "–"
    style = DATE_STYLES[lang]
    return f"{day.day} {style.months[day.month - 1]} {day.year + style.year_offset}"


def format_datetime(moment: dt.datetime | None, lang: Lang) -> str:
    """A Thai-local time: '1 ก.พ. 2562 14:05 น.' or '1 Feb 2019 14:05'."""
    if moment is None:
        return "–"
    return f"{format_date(moment.date(), lang)} {moment:%H:%M}{DATE_STYLES[lang].time_suffix}"


def format_month(day: dt.date, lang: Lang) -> str:
    """Month and year for slider marks: 'ก.พ. 62' or 'Feb 19'."""
    style = DATE_STYLES[lang]
    return f"{style.months[day.month - 1]} {(day.year + style.year_offset) % 100:02d}"


def name_column(lang: Lang) -> str:
    """The column holding an area's name in ``lang``: ``name_th`` or ``name_en``."""
    return "name_th" if lang == "th" else "name_en"


def area_name(row: object, lang: Lang) -> str:
    """The name of an area row (anything with ``name_th``/``name_en``) in ``lang``."""
    return str(getattr(row, name_column(lang)))
