//! The RMA number as a Code 128 barcode, code set B.
//!
//! Carriers scan the label at drop-off; Code 128 set B encodes any printable
//! ASCII, which is what RMA numbers are. The symbol (start B, data, modulo-103
//! checksum, stop) comes from `barcoders`; this module checks the input and
//! turns the module pattern into bars to draw as vector rectangles, so the
//! bars stay sharp at any printer resolution.

use barcoders::sym::code128::Code128;

use crate::DocumentError;

/// `barcoders` selects the code set with a marker character in the data.
const SET_B: char = '\u{0181}';

/// The modules of the symbol, left to right: `true` is a bar. Includes the
/// start, checksum and stop characters but no quiet zone.
pub(crate) fn modules(data: &str) -> Result<Vec<bool>, DocumentError> {
    if data.is_empty() {
        return Err(DocumentError::Barcode("it is empty".into()));
    }
    if let Some(bad) = data.chars().find(|c| !(' '..='~').contains(c)) {
        return Err(DocumentError::Barcode(format!(
            "{bad:?} is not printable ASCII (Code 128 set B)"
        )));
    }
    let symbol = Code128::new(format!("{SET_B}{data}"))
        .map_err(|e| DocumentError::Barcode(e.to_string()))?;
    Ok(symbol
        .encode()
        .into_iter()
        .map(|module| module == 1)
        .collect())
}

/// The bars as (first module, width in modules).
pub(crate) fn bars(modules: &[bool]) -> Vec<(usize, usize)> {
    let mut bars = Vec::new();
    let mut start = None;
    for (i, &dark) in modules.iter().chain([&false]).enumerate() {
        match (dark, start) {
            (true, None) => start = Some(i),
            (false, Some(first)) => {
                bars.push((first, i - first));
                start = None;
            }
            _ => {}
        }
    }
    bars
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Widths of alternating bars and spaces, as the Code 128 tables give them.
    fn run_lengths(modules: &[bool]) -> String {
        let mut out = String::new();
        let mut i = 0;
        while i < modules.len() {
            let run = modules[i..]
                .iter()
                .take_while(|&&m| m == modules[i])
                .count();
            out.push(char::from_digit(run as u32, 10).unwrap_or('?'));
            i += run;
        }
        out
    }

    #[test]
    fn rma_20001_matches_the_code_128_tables() {
        // Set B values: R=50 M=45 A=33 -=13 2=18 0=16 0=16 0=16 1=17.
        // Checksum: (104 + 50·1 + 45·2 + 33·3 + 13·4 + 18·5 + 16·6 + 16·7
        //            + 16·8 + 17·9) mod 103 = 974 mod 103 = 47.
        let expected = [
            "211214",  // start B (104)
            "231131",  // R (50)
            "113123",  // M (45)
            "111323",  // A (33)
            "122132",  // - (13)
            "223211",  // 2 (18)
            "123122",  // 0 (16)
            "123122",  // 0
            "123122",  // 0
            "123221",  // 1 (17)
            "133121",  // checksum (47)
            "2331112", // stop
        ]
        .concat();
        let modules = modules("RMA-20001").expect("encodes");
        assert_eq!(modules.len(), 11 * 12 + 2);
        assert_eq!(run_lengths(&modules), expected);
        assert!(modules[0] && modules[modules.len() - 1]);
    }

    #[test]
    fn bars_are_the_dark_runs() {
        let m = [true, true, false, true, false, false, true];
        assert_eq!(bars(&m), vec![(0, 2), (3, 1), (6, 1)]);
        let modules = modules("RMA-20001").expect("encodes");
        let dark: usize = bars(&modules).iter().map(|(_, w)| w).sum();
        assert_eq!(dark, modules.iter().filter(|&&m| m).count());
    }

    #[test]
    fn refuses_what_set_b_cannot_encode() {
        assert!(modules("").is_err());
        assert!(modules("RMA-退货").is_err());
        assert!(modules("RMA\n1").is_err());
        assert!(modules("A").is_ok());
    }
}
