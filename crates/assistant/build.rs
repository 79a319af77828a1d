//! Trains the built-in intent model from the shipped training data and
//! writes it to `OUT_DIR`, where `src/predict.rs` embeds it: every node then
//! answers from its first request instead of training for a second at
//! start (and every test process likewise). The training code is the
//! crate's own, compiled into this script.

#![allow(dead_code)]

#[path = "src/data.rs"]
mod data;
#[path = "src/features.rs"]
mod features;
#[path = "src/intents.rs"]
mod intents;
#[path = "src/model.rs"]
mod model;

use intents::INTENTS;

fn main() {
    for input in [
        "data/train.jsonl",
        "src/data.rs",
        "src/features.rs",
        "src/intents.rs",
        "src/model.rs",
    ] {
        println!("cargo::rerun-if-changed={input}");
    }
    let model = model::Model::train(
        &data::builtin_training_data(),
        &model::TrainOptions::default(),
    );
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("builtin-model.bin");
    model
        .save(&out)
        .expect("the built-in model is written to OUT_DIR");
}
