//! Search latency over a large synthetic index.
//!
//! Builds an index of `--docs` multilingual support documents (tickets and
//! articles in English, Spanish and Chinese; deterministic, so runs compare)
//! in a temporary directory, then times `--queries` searches the way the
//! API runs them: mixed languages, one and two words, some with a typo,
//! staff and customers, some filtered; snippets included.
//!
//! `cargo run --release -p marketdesk-search --example bench_search -- --docs 1000000 --queries 3000`

use std::time::{Duration, Instant};

use marketdesk_search::{
    Analyzer, DocKind, IndexOptions, Matching, Replacement, SearchDocument, SearchIndex,
    SearchQuery, Visibility,
};

const EN: &[&str] = &[
    "order",
    "refund",
    "parcel",
    "delivery",
    "address",
    "payment",
    "card",
    "charged",
    "twice",
    "return",
    "label",
    "broken",
    "damaged",
    "screen",
    "size",
    "exchange",
    "voucher",
    "coupon",
    "discount",
    "invoice",
    "shipping",
    "courier",
    "tracking",
    "late",
    "missing",
    "item",
    "wrong",
    "colour",
    "cancel",
    "account",
    "password",
    "email",
    "warehouse",
    "inspection",
    "policy",
    "business",
    "days",
    "customer",
    "support",
    "package",
    "arrived",
    "never",
    "still",
    "waiting",
    "replacement",
    "battery",
    "charger",
    "headphones",
    "jacket",
    "shoes",
    "laptop",
    "phone",
    "kitchen",
    "blender",
    "warranty",
    "receipt",
    "subscription",
    "membership",
    "points",
    "delayed",
    "customs",
    "fee",
    "tax",
    "store",
    "credit",
    "balance",
    "checkout",
    "error",
    "please",
    "help",
    "thanks",
    "urgent",
    "today",
    "tomorrow",
    "week",
    "month",
    "again",
];
const ES: &[&str] = &[
    "pedido",
    "reembolso",
    "paquete",
    "entrega",
    "dirección",
    "pago",
    "tarjeta",
    "cobrado",
    "dos",
    "veces",
    "devolución",
    "devoluciones",
    "etiqueta",
    "roto",
    "dañado",
    "pantalla",
    "talla",
    "cambio",
    "cupón",
    "descuento",
    "factura",
    "envío",
    "mensajero",
    "seguimiento",
    "tarde",
    "falta",
    "artículo",
    "equivocado",
    "color",
    "cancelar",
    "cuenta",
    "contraseña",
    "correo",
    "almacén",
    "inspección",
    "política",
    "días",
    "hábiles",
    "cliente",
    "ayuda",
    "llegó",
    "nunca",
    "todavía",
    "esperando",
    "garantía",
    "recibo",
    "suscripción",
    "puntos",
    "retrasado",
    "aduana",
    "impuesto",
    "tienda",
    "crédito",
    "saldo",
    "gracias",
    "urgente",
    "hoy",
    "mañana",
    "semana",
    "mes",
    "otra",
    "vez",
    "zapatos",
    "chaqueta",
    "teléfono",
];
const ZH: &[&str] = &[
    "订单",
    "退款",
    "包裹",
    "配送",
    "地址",
    "付款",
    "银行卡",
    "重复扣款",
    "退货",
    "标签",
    "损坏",
    "屏幕",
    "尺码",
    "换货",
    "优惠券",
    "折扣",
    "发票",
    "运费",
    "快递",
    "物流",
    "延迟",
    "丢失",
    "商品",
    "错误",
    "颜色",
    "取消",
    "账户",
    "密码",
    "邮箱",
    "仓库",
    "质检",
    "政策",
    "工作日",
    "客户",
    "客服",
    "到货",
    "还没",
    "等待",
    "保修",
    "收据",
    "会员",
    "积分",
    "海关",
    "税费",
    "余额",
    "结账",
    "谢谢",
    "紧急",
    "今天",
    "明天",
    "一周",
    "手机",
    "耳机",
    "外套",
    "鞋子",
    "电脑",
    "充电器",
    "电池",
    "申请",
    "处理",
    "什么时候",
    "为什么",
    "请问",
];

/// A small deterministic generator (xorshift), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Skewed towards the start of a list, like word frequencies.
    fn zipf<'a>(&mut self, words: &[&'a str]) -> &'a str {
        let a = self.below(words.len());
        let b = self.below(words.len());
        words[a.min(b)]
    }
}

/// Product and brand names: a long tail of rare words, as real tickets have.
fn rare_word(rng: &mut Rng) -> String {
    const SYLLABLES: &[&str] = &[
        "ka", "lo", "mi", "zen", "tor", "ra", "vex", "no", "pi", "sul", "dra", "qua", "fen", "bo",
        "lux", "ter", "ma", "xi", "ron", "del",
    ];
    let mut word = String::new();
    for _ in 0..2 + rng.below(2) {
        word.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
    }
    word.push_str(&rng.below(1000).to_string());
    word
}

fn sentence(rng: &mut Rng, language: &str, words: usize) -> String {
    let mut out = String::new();
    for i in 0..words {
        let word = if rng.below(12) == 0 {
            rare_word(rng)
        } else {
            match language {
                "es" => rng.zipf(ES).to_string(),
                "zh" => rng.zipf(ZH).to_string(),
                _ => rng.zipf(EN).to_string(),
            }
        };
        if i > 0 && language != "zh" {
            out.push(' ');
        }
        out.push_str(&word);
        if i % 11 == 10 {
            out.push_str(if language == "zh" { "。" } else { ". " });
        }
    }
    out
}

fn document(rng: &mut Rng, n: usize) -> SearchDocument {
    let language = match rng.below(4) {
        0 | 1 => "en",
        2 => "es",
        _ => "zh",
    };
    let ticket = rng.below(10) < 9;
    let body_words = 30 + rng.below(90);
    let title_words = 4 + rng.below(4);
    SearchDocument {
        kind: if ticket {
            DocKind::Ticket
        } else {
            DocKind::Article
        },
        id: n.to_string(),
        language: language.to_string(),
        title: sentence(rng, language, title_words),
        body: sentence(rng, language, body_words),
        category: (!ticket).then(|| ["orders", "returns", "payments"][rng.below(3)].to_string()),
        status: if ticket {
            ["open", "pending", "solved", "closed"][rng.below(4)].to_string()
        } else {
            ["published", "draft"][usize::from(rng.below(5) == 0)].to_string()
        },
        updated_at: n as i64,
        visibility: if ticket {
            Visibility::Staff
        } else {
            Visibility::Public
        },
    }
}

fn typo(word: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 5 {
        return word.to_string();
    }
    let at = 1 + rng.below(chars.len() - 2);
    let mut out: Vec<char> = chars.clone();
    match rng.below(3) {
        0 => {
            out.remove(at);
        }
        1 => out.swap(at, at + 1),
        _ => out[at] = 'x',
    }
    out.into_iter().collect()
}

#[derive(Default)]
struct Samples {
    name: &'static str,
    times: Vec<Duration>,
    hits: usize,
}

impl Samples {
    fn percentile(&mut self, p: f64) -> Duration {
        self.times.sort();
        let at = ((self.times.len() as f64 - 1.0) * p).round() as usize;
        self.times.get(at).copied().unwrap_or_default()
    }
}

fn argument(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let docs = argument("--docs", 1_000_000);
    let queries = argument("--queries", 3_000);
    // `--keep DIR`: build once into DIR, reuse it on later runs.
    let kept = std::env::args()
        .skip_while(|a| a != "--keep")
        .nth(1)
        .map(std::path::PathBuf::from);
    let temp = tempfile::tempdir()?;
    let path = kept.clone().unwrap_or_else(|| temp.path().to_path_buf());
    let index = SearchIndex::open_in_dir(
        &path,
        IndexOptions {
            writer_threads: 2,
            writer_memory_bytes: 400_000_000,
        },
    )?;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let started = Instant::now();
    let batch_size = 50_000;
    let already = if kept.is_some() {
        index.document_count() as usize
    } else {
        0
    };
    let mut n = already;
    while n < docs {
        let batch: Vec<Replacement> = (n..(n + batch_size).min(docs))
            .map(|i| {
                let doc = document(&mut rng, i);
                Replacement {
                    kind: doc.kind,
                    id: doc.id.clone(),
                    documents: vec![doc],
                }
            })
            .collect();
        n += batch.len();
        index.write(&batch, Some(&n.to_string()))?;
        eprint!("\rindexed {n}/{docs}");
    }
    let indexing = started.elapsed();
    eprintln!();
    let built = docs.saturating_sub(already);
    if built == 0 {
        println!("reusing the index in {}", path.display());
    } else {
        println!(
            "indexed {built} documents in {:.1} s ({:.0} docs/s)",
            indexing.as_secs_f64(),
            built as f64 / indexing.as_secs_f64(),
        );
    }
    println!(
        "{} documents, {} segments, {:.0} MB on disk",
        index.document_count(),
        index.segment_count(),
        dir_size(&path) as f64 / 1e6,
    );

    let mut kinds: Vec<Samples> = [
        "en one word",
        "en two words",
        "en typo",
        "es",
        "zh",
        "filtered",
    ]
    .into_iter()
    .map(|name| Samples {
        name,
        ..Samples::default()
    })
    .collect();
    let mut all = Samples {
        name: "all",
        ..Samples::default()
    };
    // Warm the page cache, as a running server is.
    for _ in 0..50 {
        index.search(&query(&mut rng, 0).1)?;
    }
    for i in 0..queries {
        let (slot, q) = query(&mut rng, i);
        let t = Instant::now();
        let hits = index.search(&q)?;
        let elapsed = t.elapsed();
        kinds[slot].times.push(elapsed);
        kinds[slot].hits += usize::from(!hits.is_empty());
        all.times.push(elapsed);
        all.hits += usize::from(!hits.is_empty());
    }
    println!(
        "{:<14} {:>7} {:>9} {:>9} {:>9} {:>9}",
        "queries", "count", "p50 ms", "p99 ms", "max ms", "found"
    );
    for s in kinds.iter_mut().chain(std::iter::once(&mut all)) {
        let count = s.times.len();
        let (p50, p99) = (s.percentile(0.50), s.percentile(0.99));
        let max = s.times.last().copied().unwrap_or_default();
        println!(
            "{:<14} {:>7} {:>9.2} {:>9.2} {:>9.2} {:>8.0}%",
            s.name,
            count,
            p50.as_secs_f64() * 1e3,
            p99.as_secs_f64() * 1e3,
            max.as_secs_f64() * 1e3,
            if count == 0 {
                0.0
            } else {
                100.0 * s.hits as f64 / count as f64
            },
        );
    }
    Ok(())
}

/// One query of a realistic mix: (its slot in the report, the query).
fn query(rng: &mut Rng, i: usize) -> (usize, SearchQuery) {
    let slot = i % 6;
    let mut q = SearchQuery {
        text: String::new(),
        kinds: vec![],
        language: None,
        category: None,
        status: None,
        staff: rng.below(3) != 0,
        limit: 20,
        matching: Matching::MostWords,
    };
    q.text = match slot {
        0 => rng.zipf(EN).to_string(),
        1 => format!("{} {}", rng.zipf(EN), rng.zipf(EN)),
        2 => typo(EN[rng.below(EN.len())], rng),
        3 => {
            q.language = Some(Analyzer::Es);
            rng.zipf(ES).to_string()
        }
        4 => rng.zipf(ZH).to_string(),
        _ => {
            q.kinds = vec![DocKind::Ticket];
            q.status = Some("open".to_string());
            q.staff = true;
            format!("{} {}", EN[rng.below(EN.len())], EN[rng.below(EN.len())])
        }
    };
    (slot, q)
}

fn dir_size(path: &std::path::Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
