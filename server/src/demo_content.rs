//! The demo's announcements (series-wide and per forum, one draft, one scheduled) and one small
//! generated PDF per forum.

use app::features::announcements::store::NewAnnouncement;
use app::features::documents::sniff::download_name;
use app::features::documents::storage::address_of;
use app::features::documents::store::NewDocument;
use app::features::forums::types::{ForumId, SeriesId};
use app::store::Store;
use chrono::{Duration, Utc};

/// (forum slug or none, title, Markdown body, language, days from now, pinned, published)
type DemoPost = (
    Option<&'static str>,
    &'static str,
    &'static str,
    &'static str,
    i64,
    bool,
    bool,
);

const POSTS: [DemoPost; 7] = [
    (None, "Registration for the Regional Forum is open",
     "The **Regional Forum** brings the six national forums together in Tirana. Seats are balanced across the seven stakeholder groups, so please register early.\n\n- Interpretation into Albanian, Serbian and Macedonian in plenary sessions\n- Step-free venue; tell us about any access needs when you register",
     "en", -2, true, true),
    (None, "Assessment “Covid-19 and Civil Society” published",
     "The regional assessment of how the crisis affected civil-society organisations is now available in all six languages. It is the starting point for every national forum.\n\nRead it on the forum pages under *Documents*.",
     "en", -20, false, true),
    (Some("tirana"), "Faleminderit për pjesëmarrjen!",
     "Forumi Kombëtar në Tiranë mblodhi mbi 100 pjesëmarrës nga të shtatë grupet e palëve të interesuara. Rekomandimet përfundimtare janë publikuar te *Dokumentet*.",
     "sq", -40, false, true),
    (Some("belgrade"), "Programme of the National Forum Serbia published",
     "The programme is online: an opening plenary, a panel on the social and economic impact on vulnerable groups and a workshop that turns findings into recommendations.",
     "en", -5, false, true),
    (Some("regional-forum"), "Speakers of the Regional Forum announced",
     "Representatives of all six partner organisations, researchers, young activists, journalists and ministries will speak across three rooms. See the **speakers** page.",
     "en", -1, false, true),
    (Some("regional-forum"), "Practical information for participants (draft)",
     "Hotel, travel reimbursement and interpretation details. *Not yet published.*",
     "en", 0, false, false),
    (None, "Call for good practice examples",
     "From next month we collect examples of good practice from the region for the final report.",
     "en", 10, false, true),
];

/// A one-page PDF with a title line, valid enough for any reader.
pub fn tiny_pdf(title: &str) -> Vec<u8> {
    let text: String = title
        .chars()
        .map(|c| {
            if c.is_ascii() && c != '(' && c != ')' && c != '\\' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let content = format!("BT /F1 18 Tf 72 760 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_string(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

pub async fn seed(
    store: &dyn Store,
    series: SeriesId,
    forums: &[(ForumId, &str, String)],
) -> anyhow::Result<()> {
    let now = Utc::now();
    for (forum, title, body, locale, days, pinned, published) in POSTS {
        let forum_id = forum
            .and_then(|slug| forums.iter().find(|(_, s, _)| *s == slug))
            .map(|(id, _, _)| *id);
        store
            .save_announcement(
                None,
                &NewAnnouncement {
                    series_id: series,
                    forum_id,
                    title: title.into(),
                    body: body.into(),
                    locale: locale.into(),
                    published,
                    published_at: now + Duration::days(days),
                    pinned,
                },
            )
            .await?;
    }
    for (forum, slug, forum_title) in forums {
        let (kind, title) = if *slug == "tirana" {
            (
                "recommendations",
                format!("Policy recommendations: {forum_title}"),
            )
        } else {
            (
                "report",
                format!("Assessment: Covid-19 and Civil Society ({forum_title})"),
            )
        };
        let bytes = tiny_pdf(&title);
        let (sha256, size) = address_of(&bytes);
        store
            .add_document(
                &NewDocument {
                    forum_id: *forum,
                    title: title.clone(),
                    locale: "en".into(),
                    kind: kind.into(),
                    file_name: download_name(&title, "pdf"),
                    content_type: "application/pdf".into(),
                    size_bytes: size as i64,
                    sha256,
                },
                &mut &bytes[..],
            )
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_generated_pdf_has_a_correct_cross_reference_table() {
        let pdf = super::tiny_pdf("Report (2026) — ë");
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-1.4"));
        let start: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|n| n.parse().ok())
            .expect("startxref");
        assert!(text[start..].starts_with("xref"));
        let second = text[start..].lines().nth(4).expect("object 2 entry");
        let offset: usize = second[..10].parse().expect("offset");
        assert!(text[offset..].starts_with("2 0 obj"));
    }
}
