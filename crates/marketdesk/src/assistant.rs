//! `marketdesk assistant …`: classify messages, retrain the model (from
//! labelled files and from the shop's own tickets), and evaluate it.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::Context;
use marketdesk_assistant::{
    Example, Model, TrainOptions, builtin_eval_data, builtin_training_data, evaluate, load_examples,
};

use crate::config::{FileConfig, StorageArgs, resolve_storage};

#[derive(Debug, clap::Subcommand)]
pub enum AssistantCommand {
    /// Reads one message per line on standard input and prints one JSON object per line.
    Classify {
        /// A model trained with `assistant train`; the built-in model otherwise.
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// Trains a model from the built-in data, labelled JSON lines
    /// ({"text", "intent", "language"}), and tickets labelled by agents with a
    /// tag `intent:<name>`.
    Train {
        /// Where to write the model.
        #[arg(long)]
        output: PathBuf,
        /// More labelled examples (repeatable).
        #[arg(long = "data")]
        data: Vec<PathBuf>,
        /// Also learn from the tickets of this instance labelled `intent:<name>`
        /// and the messages customers labelled in the chat.
        #[arg(long)]
        from_tickets: bool,
        /// Leave out the built-in training data.
        #[arg(long)]
        no_builtin: bool,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Accuracy per language and intent on a held-out set (the built-in one by default).
    Evaluate {
        #[arg(long)]
        model: Option<PathBuf>,
        #[arg(long)]
        data: Option<PathBuf>,
        /// Print the report as JSON instead of Markdown.
        #[arg(long)]
        json: bool,
    },
}

fn model(path: Option<&PathBuf>) -> anyhow::Result<std::borrow::Cow<'static, Model>> {
    Ok(match path {
        Some(path) => std::borrow::Cow::Owned(
            Model::load(path)
                .with_context(|| format!("cannot load the model {} (--model)", path.display()))?,
        ),
        None => std::borrow::Cow::Borrowed(Model::builtin()),
    })
}

pub async fn run(command: AssistantCommand, file: &FileConfig) -> anyhow::Result<()> {
    match command {
        AssistantCommand::Classify { model: path } => {
            let model = model(path.as_ref())?;
            let stdin = std::io::stdin();
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for line in stdin.lock().lines() {
                let line = line.context("reading standard input")?;
                if line.trim().is_empty() {
                    continue;
                }
                serde_json::to_writer(&mut out, &model.predict(&line))?;
                out.write_all(b"\n")?;
            }
            out.flush()?;
            Ok(())
        }
        AssistantCommand::Train {
            output,
            data,
            from_tickets,
            no_builtin,
            storage,
        } => {
            let mut examples: Vec<Example> = if no_builtin {
                Vec::new()
            } else {
                builtin_training_data()
            };
            for path in &data {
                examples.extend(
                    load_examples(path)
                        .with_context(|| format!("cannot read {} (--data)", path.display()))?,
                );
            }
            if from_tickets {
                let (data_dir, url) = resolve_storage(&storage, file);
                let store = crate::serve::open_store(&data_dir, url.as_deref()).await?;
                let mut conn = store.reader().await?;
                let labelled =
                    marketdesk_store::tickets::labelled_first_messages(&mut conn).await?;
                eprintln!("{} labelled tickets", labelled.len());
                // What customers chose when the chat asked what they meant.
                let chosen =
                    marketdesk_store::chat::labelled_examples(&mut conn, 1_000_000).await?;
                eprintln!("{} messages labelled in the chat", chosen.len());
                let labelled = labelled.into_iter().chain(chosen).collect::<Vec<_>>();
                examples.extend(
                    labelled
                        .into_iter()
                        .map(|(text, intent, language)| Example {
                            text,
                            intent,
                            language: Some(language),
                        }),
                );
                drop(conn);
                store.close().await;
            }
            anyhow::ensure!(
                !examples.is_empty(),
                "no training examples: give --data or leave out --no-builtin"
            );
            let model = Model::train(&examples, &TrainOptions::default());
            model
                .save(&output)
                .with_context(|| format!("cannot write {} (--output)", output.display()))?;
            eprintln!(
                "trained on {} examples, {} intents → {}",
                examples.len(),
                model.labels().len(),
                output.display()
            );
            Ok(())
        }
        AssistantCommand::Evaluate {
            model: path,
            data,
            json,
        } => {
            let model = model(path.as_ref())?;
            let examples = match &data {
                Some(path) => load_examples(path)
                    .with_context(|| format!("cannot read {} (--data)", path.display()))?,
                None => builtin_eval_data(),
            };
            let report = evaluate(&model, &examples);
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                println!("{}", report.to_markdown());
            }
            Ok(())
        }
    }
}
