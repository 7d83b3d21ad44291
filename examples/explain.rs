//! Why was something found, or not? Print each entity with the gazetteer
//! entry or rule that produced it and the candidates that lost.
//!
//! `cargo run --release --example explain -- "Energy Minister Mohammad al-Bashir met Fuad Hussein."`

use dragoman::{Extractor, Meta};

fn main() -> Result<(), dragoman::Error> {
    let text = std::env::args().nth(1).unwrap_or_else(|| {
        "Energy Minister Mohammad al-Bashir visited the Kirkuk–Baniyas oil pipeline. \
         Al-Bashir said repairs would start on Monday."
            .to_string()
    });
    let exp = Extractor::default().explain(&text, &Meta::dated("2025-08-11")?);
    for (i, (e, trace)) in exp.document.entities.iter().zip(&exp.entities).enumerate() {
        println!(
            "{:<7} {:<32} {}",
            e.label.as_str(),
            format!("{:?}", e.text),
            trace.origin
        );
        for lost in exp.lost.iter().filter(|l| l.lost_to == Some(i)) {
            println!(
                "        beat {} {:?} ({})",
                lost.label.as_str(),
                lost.text,
                lost.origin
            );
        }
    }
    for ev in &exp.document.events {
        println!(
            "event {} {:?} from rule {}",
            ev.kind,
            &text[ev.trigger.range()],
            ev.rule
        );
    }
    Ok(())
}
