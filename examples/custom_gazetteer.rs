//! Add your own names to the embedded data: a gazetteer held in a string,
//! in the same tab-separated format as the files in `gazetteers/`.
//!
//! `cargo run --example custom_gazetteer -- "Al-Zawraa drew with Al-Shorta."`

use dragoman::{Extractor, Meta};

/// Iraqi football: two Baghdad clubs and their stadium, which the embedded
/// gazetteers do not list. Aliases are separated by `|`.
const FOOTBALL: &str = "\
# dragoman gazetteer: Baghdad football
# source: written for this example
# licence: CC0-1.0
id\tlabel\tname\taliases\tsubtype\tcountry
al-shorta-sc\tORG\tAl-Shorta SC\tAl-Shorta|Al-Shorta Sports Club|نادي الشرطة\tfootball-club\tIQ
al-zawraa-sc\tORG\tAl-Zawraa SC\tAl-Zawraa|Al-Zawraa Sports Club|نادي الزوراء\tfootball-club\tIQ
al-shaab-stadium\tFAC\tAl-Shaab Stadium\tAl-Shaab International Stadium|ملعب الشعب\tstadium\tIQ
";

fn main() -> Result<(), dragoman::Error> {
    let text = std::env::args().nth(1).unwrap_or_else(|| {
        "Al-Shorta beat Al-Zawraa 2-1 on Friday in front of 30,000 fans at Baghdad's \
         Al-Shaab Stadium, and Iraqi Prime Minister Mohammed Shia al-Sudani congratulated \
         the club."
            .to_string()
    });
    // The embedded data stays; `.default_data(false)` would leave it out.
    let extractor = Extractor::builder()
        .gazetteer_str("football.tsv", FOOTBALL)
        .build()?;
    let doc = extractor.extract(&text, &Meta::dated("2025-03-16")?);
    for e in doc.entities() {
        let link = e.id.as_deref().or(e.value.as_deref()).unwrap_or("-");
        println!("{:<7} {:<32} {link}", e.label.as_str(), e.text);
    }
    Ok(())
}
