//! Server-rendered SVG bar charts: horizontal bars (labels fit a phone), values written beside
//! every bar, two colours from the Okabe–Ito palette that colour-blind readers tell apart, and a
//! hatch pattern on the second series so colour is never the only difference. Each chart has a
//! title and a description for screen readers; the page puts its data table and a sentence
//! beside it. Protected figures draw no bar and say "<5" or "–".

use super::types::{cell_text, Cell};

const WIDTH: f64 = 440.0;
const LABEL: f64 = 150.0;
const VALUE: f64 = 72.0;
const BAR: f64 = 14.0;
const GAP: f64 = 12.0;
const SOLID: &str = "#0072B2";
const LIGHT: &str = "#E69F00";
const INK: &str = "#1f2328";

/// One bar group: a label and its figures (one per series).
pub struct Bars<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    /// Series names, in the order of each row's figures.
    pub series: &'a [String],
    pub rows: &'a [(String, Vec<Cell>)],
    pub threshold: i64,
    /// The first series contains the second (registered ⊇ attended): draw one bar with the
    /// second inside it instead of two bars side by side.
    pub stacked: bool,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The chart as an SVG element.
pub fn bar_chart(b: &Bars) -> String {
    let per_row = if b.stacked {
        BAR + 6.0
    } else {
        BAR * b.series.len() as f64 + 4.0
    };
    let legend = 28.0;
    let height = legend + b.rows.len() as f64 * (per_row + GAP) + GAP;
    let max = b
        .rows
        .iter()
        .flat_map(|(_, cells)| cells.iter().filter_map(|c| c.shown()))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let span = WIDTH - LABEL - VALUE;
    let scale = |v: i64| (v as f64 / max * span).max(if v > 0 { 2.0 } else { 0.0 });
    let id = escape(b.id);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"system-ui, sans-serif\" font-size=\"13\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>\
         <defs><pattern id=\"{id}-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <rect width=\"6\" height=\"6\" fill=\"{LIGHT}\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"{INK}\" stroke-width=\"1.5\" stroke-opacity=\"0.55\"/></pattern></defs>",
        escape(b.title),
        escape(b.description),
    );
    // Legend: the hatched series first when stacked (it is the whole bar).
    let mut x = 0.0;
    for (n, name) in b.series.iter().enumerate() {
        let fill = swatch(&id, n, b.stacked);
        svg.push_str(&format!(
            "<rect x=\"{x}\" y=\"7\" width=\"12\" height=\"12\" fill=\"{fill}\" stroke=\"{INK}\" stroke-width=\"0.5\"/>\
             <text x=\"{}\" y=\"17\" fill=\"{INK}\">{}</text>",
            x + 20.0,
            escape(name)
        ));
        x += 40.0 + name.chars().count() as f64 * 7.5;
    }
    let mut y = legend + GAP;
    for (label, cells) in b.rows {
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{INK}\">{}</text>",
            LABEL - 8.0,
            y + BAR * 0.8,
            escape(&shorten(label, 20))
        ));
        if b.stacked {
            let (outer, inner) = (
                cells.first().copied().unwrap_or(Cell::Shown(0)),
                cells.get(1).copied().unwrap_or(Cell::Shown(0)),
            );
            if let Some(v) = outer.shown() {
                svg.push_str(&bar(LABEL, y, scale(v), &format!("url(#{id}-hatch)")));
            }
            if let (Some(_), Some(v)) = (outer.shown(), inner.shown()) {
                svg.push_str(&bar(LABEL, y, scale(v), SOLID));
            }
            let end = outer.shown().map_or(0.0, scale);
            svg.push_str(&value_text(
                LABEL + end + 6.0,
                y,
                &format!(
                    "{} / {}",
                    cell_text(inner, b.threshold),
                    cell_text(outer, b.threshold)
                ),
            ));
        } else {
            for (n, cell) in cells.iter().enumerate() {
                let top = y + n as f64 * BAR;
                let len = cell.shown().map_or(0.0, scale);
                if cell.shown().is_some() {
                    svg.push_str(&bar(LABEL, top, len, &swatch(&id, n, false)));
                }
                svg.push_str(&value_text(
                    LABEL + len + 6.0,
                    top,
                    &cell_text(*cell, b.threshold),
                ));
            }
        }
        y += per_row + GAP;
    }
    svg.push_str("</svg>");
    svg
}

fn swatch(id: &str, n: usize, stacked: bool) -> String {
    // Stacked: series 0 is the whole (hatched), 1 the part inside (solid). Side by side:
    // series 0 solid, 1 hatched.
    let hatched = if stacked { n == 0 } else { n == 1 };
    if hatched {
        format!("url(#{id}-hatch)")
    } else {
        SOLID.to_string()
    }
}

fn bar(x: f64, y: f64, w: f64, fill: &str) -> String {
    format!(
        "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{BAR}\" fill=\"{fill}\" stroke=\"{INK}\" stroke-width=\"0.5\"/>"
    )
}

fn value_text(x: f64, y: f64, text: &str) -> String {
    format!(
        "<text x=\"{x:.1}\" y=\"{:.1}\" fill=\"{INK}\">{}</text>",
        y + BAR * 0.8,
        escape(text)
    )
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_write_every_value_and_draw_no_bar_for_a_protected_one() {
        let rows = vec![
            (
                "Civil society".to_string(),
                vec![Cell::Shown(40), Cell::Shown(31)],
            ),
            (
                "Media & <press>".to_string(),
                vec![Cell::Small, Cell::Hidden],
            ),
        ];
        let series = vec!["Registered".to_string(), "Attended".to_string()];
        let svg = bar_chart(&Bars {
            id: "by-group",
            title: "By group",
            description: "Registered and attended",
            series: &series,
            rows: &rows,
            threshold: 5,
            stacked: true,
        });
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("<title id=\"by-group-title\">By group</title>"));
        assert!(svg.contains("31 / 40"));
        assert!(svg.contains("– / &lt;5"));
        assert!(svg.contains("Media &amp; &lt;press&gt;"));
        // Two bars for the first row (whole and part), none for the protected one.
        assert_eq!(svg.matches("height=\"14\" fill").count(), 2);
        assert!(
            svg.contains("url(#by-group-hatch)"),
            "the second series is hatched, not only coloured"
        );
    }
}
