use super::*;

const PARA: &str = "بحث وزير العمل اليوم مع ممثلي النقابات سبل تحسين ظروف العمال في القطاع الخاص.";
const PARA2: &str = "وقال رئيس الاتحاد العام للعمال إن المفاوضات ستستأنف الأسبوع المقبل، مشيرا إلى أن مطالب العمال تشمل رفع الأجور وتحسين شروط السلامة.";

fn c(text: &str) -> Cleaned {
    clean(text, None, None)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn related_tail_is_cut_with_everything_after_it() {
    let text = format!("عنوان الخبر هنا اليوم\n{PARA}\nمقالات ذات صلة\nخبر آخر عن ليبيا\n{PARA2}");
    let c = c(&text);
    assert_eq!(c.title.as_deref(), Some("عنوان الخبر هنا اليوم"));
    assert_eq!(c.body, vec![PARA.to_string()]);
    assert_eq!(c.removed, vec!["مقالات ذات صلة", "خبر آخر عن ليبيا", PARA2]);
}

#[test]
fn a_read_also_box_inside_the_article_goes_but_the_article_goes_on() {
    let text = format!(
        "عنوان الخبر هنا اليوم\n{PARA}\nاقرأ أيضا:\nالبطالة ترتفع في المنطقة\n{PARA2}\n{PARA}\nاقرأ أيضا: خبر آخر"
    );
    let c = c(&text);
    assert_eq!(c.body, vec![PARA, PARA2, PARA]);
    assert!(c.removed.contains(&"البطالة ترتفع في المنطقة".to_string()));
}

#[test]
fn marker_words_inside_a_sentence_do_not_cut() {
    let line = "انظر أيضا كيف تطورت الأجور خلال عشر سنوات في المنطقة العربية كلها.";
    let c = c(&format!("عنوان الخبر هنا اليوم\n{PARA}\n{line}"));
    assert_eq!(c.body.len(), 2);
}

#[test]
fn a_whole_page_dump_keeps_the_article_only() {
    let menu = "الرئيسية\nمحليات\nاقتصاد\nرياضة\nمنوعات\nاتصل بنا";
    let related = "الأكثر قراءة\nارتفاع أسعار الوقود في الأسواق\n2024-05-20\nافتتاح معرض الكتاب الدولي\n2024-05-19";
    let text = format!(
        "صحيفة الأمل\nالثلاثاء 4 يونيو 2024\n{menu}\nأخبار وطنية\nعمال الموانئ.. إضراب مفتوح حتى تحقيق المطالب\n\
الاثنين 3 يونيو 2024 - 10:15\nفيسبوك تويتر واتساب\n{PARA}\n{PARA2}\nالوسوم: عمال، إضراب\n{related}\n© 2024 جميع الحقوق محفوظة"
    );
    let c = c(&text);
    assert_eq!(
        c.title.as_deref(),
        Some("عمال الموانئ.. إضراب مفتوح حتى تحقيق المطالب")
    );
    // The date under the headline, not the masthead's "today".
    assert_eq!(c.header_date, Some((date(2024, 6, 3), DateFrom::Header)));
    assert_eq!(c.body, vec![PARA, PARA2]);
    assert!(
        c.removed
            .iter()
            .any(|r| r == "ارتفاع أسعار الوقود في الأسواق")
    );
}

#[test]
fn a_title_repeated_on_the_page_wins_over_a_nearer_menu_line() {
    let text = format!(
        "الحكومة ترفع الحد الأدنى للأجور\nمنوعات\n2024-05-28 | 12:42\nشارك\nالحكومة ترفع الحد الأدنى للأجور\n{PARA}\n{PARA2}"
    );
    assert_eq!(
        c(&text).title.as_deref(),
        Some("الحكومة ترفع الحد الأدنى للأجور")
    );
    assert_eq!(
        c(&text).header_date,
        Some((date(2024, 5, 28), DateFrom::Header))
    );
}

#[test]
fn an_update_stamp_is_not_a_publication_date() {
    let text = format!("عنوان الخبر هنا اليوم\nالأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00\n{PARA}");
    assert_eq!(c(&text).header_date, None);
    let text = format!(
        "عنوان الخبر هنا اليوم\nآخر تحديث: 30 مايو 2024\nتاريخ النشر: 28 مايو 2024\n{PARA}"
    );
    assert_eq!(
        c(&text).header_date.map(|(d, _)| d),
        Some(date(2024, 5, 28))
    );
}

#[test]
fn body_dates_are_not_publication_dates_but_an_anchored_lede_is() {
    let text = format!(
        "عنوان الخبر هنا اليوم\nالوزير من مواليد 12 يناير 1965 في القاهرة، وتولى الوزارة عام 2020 بعد مسيرة طويلة.\n{PARA}"
    );
    assert_eq!(c(&text).header_date, None);
    let lede = "أعلنت وزارة العمل اليوم الأحد 12 يناير 2025 عن زيادة الأجور في القطاع العام.";
    assert_eq!(
        c(&format!("عنوان الخبر هنا اليوم\n{lede}")).header_date,
        Some((date(2025, 1, 12), DateFrom::Lede))
    );
    let dated = "عمان 3 شباط 2022 (بترا) – أعلنت وزارة العمل عن برنامج لتشغيل الشباب في المحافظات.";
    let cl = c(&format!("عنوان الخبر هنا اليوم\n{dated}"));
    assert_eq!(cl.header_date, Some((date(2022, 2, 3), DateFrom::Dateline)));
    assert_eq!(cl.source.as_deref(), Some("بترا"));
}

#[test]
fn furniture_inside_the_body_never_becomes_a_sentence() {
    let text = format!(
        "عنوان الخبر هنا اليوم\nالدمام – واس:\n{PARA}\n_____\nتصوير: أحمد علي\n{PARA2}\n-----\n// انتهى //\n14:32 ت م\nسمات العمل الأجور\nرابط الخبر بصحيفة الأمل: عنوان"
    );
    let c = c(&text);
    assert_eq!(c.body, vec![PARA, PARA2]);
    assert_eq!(c.source.as_deref(), Some("واس"));
    assert_eq!(c.place.as_deref(), Some("الدمام"));
}

#[test]
fn datelines_give_source_and_place() {
    for (line, source, place) in [
        ("بيروت-سانا", "سانا", "بيروت"),
        ("زنقة 20 ا الرباط", "زنقة 20", "الرباط"),
        (
            "مجلة المغرب تحت المجهر/ الرباط",
            "مجلة المغرب تحت المجهر",
            "الرباط",
        ),
        ("القاهرة - أ ش أ", "أ ش أ", "القاهرة"),
        ("(دبي - الخليج)", "الخليج", "دبي"),
        ("اليوم (جدة)", "اليوم", "جدة"),
    ] {
        let c = c(&format!("عنوان الخبر هنا اليوم\n{line}\n{PARA}"));
        assert_eq!(c.source.as_deref(), Some(source), "{line}");
        assert_eq!(c.place.as_deref(), Some(place), "{line}");
        assert_eq!(c.body, vec![PARA.to_string()]);
    }
}

#[test]
fn source_line_after_the_body_names_the_source() {
    let c = c(&format!(
        "عنوان الخبر هنا اليوم\nبيروت-سانا\n{PARA}\nالمصدر: وكالة الأنباء"
    ));
    assert_eq!(c.source.as_deref(), Some("وكالة الأنباء"));
}

#[test]
fn a_long_first_line_is_the_lede_not_the_title() {
    let lede = "أعلنت وزارة العمل عن برنامج جديد لتشغيل الشباب العاطلين عن العمل في المدن الكبرى والقرى النائية هذا العام.";
    let c = c(&format!("{lede}\n{PARA}"));
    assert_eq!(c.title, None);
    assert_eq!(c.body, vec![lede, PARA]);
}

#[test]
fn a_question_headline_over_the_body_is_the_title() {
    let c = c(&format!(
        "كيف يتأثر اقتصاد الكويت بوقف تدفق العمالة الوافدة؟\nدبي - سارة أحمد\n{PARA}\n{PARA2}"
    ));
    assert_eq!(
        c.title.as_deref(),
        Some("كيف يتأثر اقتصاد الكويت بوقف تدفق العمالة الوافدة؟")
    );
    assert_eq!(c.body, vec![PARA, PARA2]);
}

#[test]
fn bylines_and_agency_credits() {
    let c1 = c(&format!(
        "عنوان الخبر هنا اليوم\nكتب: محمد علي\n{PARA}\n(أ ف ب)"
    ));
    assert_eq!(c1.removed, vec!["كتب: محمد علي", "(أ ف ب)"]);
    assert_eq!(c1.source.as_deref(), Some("أ ف ب"));
    assert_eq!(c1.body, vec![PARA.to_string()]);
    let c2 = c(&format!("عنوان الخبر هنا اليوم\n{PARA}\nمهند سليمان"));
    assert_eq!(c2.removed, vec!["مهند سليمان"]);
}

#[test]
fn lines_shared_by_the_folder_are_furniture() {
    struct Shared;
    impl SiteLines for Shared {
        fn is_site_line(&self, line: &str) -> bool {
            line == "خدمة الرسائل القصيرة للأخبار"
        }
    }
    let text = format!("عنوان الخبر هنا اليوم\n{PARA}\nخدمة الرسائل القصيرة للأخبار\n{PARA2}");
    assert_eq!(clean(&text, None, Some(&Shared)).body, vec![PARA, PARA2]);
    assert_eq!(c(&text).body.len(), 3);
}

#[test]
fn a_list_the_article_introduces_stays_and_so_do_the_paragraphs_above_it() {
    let items = "أن يكون المتقدم مواطنا\nألا يتجاوز عمره 35 عاما\nأن يكون مسجلا لدى مكاتب التشغيل\nألا يكون موظفا في القطاع العام";
    let text = format!(
        "الرئيسية\nمحليات\nاقتصاد\nالوزارة تعلن شروط برنامج التشغيل\n{PARA}\nوتشمل الشروط ما يلي:\n{items}\n{PARA2}\nالأكثر قراءة\nخبر آخر عن الطقس"
    );
    let cl = c(&text);
    assert_eq!(
        cl.title.as_deref(),
        Some("الوزارة تعلن شروط برنامج التشغيل")
    );
    assert_eq!(cl.body.first().map(String::as_str), Some(PARA));
    assert_eq!(cl.body.len(), 7, "{:#?}", cl.body);
    // Bulleted items need no introduction; a menu between paragraphs is still cut.
    let bullets =
        "- أن يكون المتقدم مواطنا\n- ألا يتجاوز عمره 35 عاما\n- أن يكون مسجلا لدى مكاتب التشغيل";
    assert_eq!(
        c(&format!(
            "عنوان الخبر هنا اليوم\n{PARA}\n{bullets}\n{PARA2}"
        ))
        .body
        .len(),
        5
    );
}
