//! Extract entities and events from a sentence and print them.
//!
//! `cargo run --release --example quickstart -- "Fuad Hussein met Asaad al-Shibani in Baghdad on Friday."`

use dragoman::{Extractor, Meta};

fn main() -> Result<(), dragoman::Error> {
    let text = std::env::args().nth(1).unwrap_or_else(|| {
        "Iraqi Foreign Minister Fuad Hussein met his Syrian counterpart Asaad al-Shibani \
         in Baghdad on Friday."
            .to_string()
    });
    let started = std::time::Instant::now();
    let extractor = Extractor::default();
    let built = started.elapsed();
    let doc = extractor.extract(&text, &Meta::dated("2025-03-16")?);
    println!("(built the default extractor in {built:.0?})");
    for e in doc.entities() {
        let link = e.id.as_deref().unwrap_or("-");
        let value = e
            .value
            .as_deref()
            .map(|v| format!(" = {v}"))
            .unwrap_or_default();
        println!("{:<8} {:<28} {link}{value}", e.label.as_str(), e.text);
    }
    for ev in doc.events() {
        let who: Vec<String> = ev
            .participants
            .iter()
            .map(|p| format!("{} ({})", doc.entities[p.entity].text, p.role.as_str()))
            .collect();
        let places: Vec<&str> = ev
            .places
            .iter()
            .map(|&p| doc.entities[p].text.as_str())
            .collect();
        println!(
            "{} [{}] who: {} · where: {} · when: {} · {}",
            ev.kind,
            &doc.text[ev.trigger.range()],
            who.join(", "),
            places.join(", "),
            ev.date.as_deref().unwrap_or("-"),
            ev.modality.as_str()
        );
    }
    Ok(())
}
