//! One SMTP conversation (RFC 5321), as a state machine fed line by line:
//! no I/O here, so every command and reply is tested without a socket.

/// What the session needs from the desk.
pub(crate) trait Desk {
    fn accepts(&self, recipient: &str) -> bool;
}

/// What the connection should do after a line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// Send this reply and read the next command.
    Reply(String),
    /// Send this reply, then read the message up to the lone dot.
    StartData(String),
    /// Send this reply and close.
    Close(String),
    /// Send this reply, then start TLS; a new session follows (RFC 3207).
    StartTls(String),
}

/// The envelope of the message being given.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Envelope {
    pub(crate) from: String,
    pub(crate) to: Vec<String>,
}

#[derive(Debug)]
pub(crate) struct Session {
    host: String,
    max_bytes: usize,
    greeted: bool,
    envelope: Option<Envelope>,
    /// A certificate is configured: STARTTLS is offered.
    tls_offered: bool,
    /// TLS is on (the session after STARTTLS).
    secure: bool,
}

/// Recipients of one message at most (RFC 5321 asks servers to take 100).
pub(crate) const MAX_RECIPIENTS: usize = 100;

impl Session {
    pub(crate) fn new(host: &str, max_bytes: usize) -> Session {
        Session {
            host: host.to_string(),
            max_bytes,
            greeted: false,
            envelope: None,
            tls_offered: false,
            secure: false,
        }
    }

    /// Offers STARTTLS (a certificate is configured).
    pub(crate) fn offering_tls(mut self) -> Session {
        self.tls_offered = true;
        self
    }

    /// The session after STARTTLS: everything said before is forgotten,
    /// and the client greets again.
    pub(crate) fn after_tls(host: &str, max_bytes: usize) -> Session {
        Session {
            secure: true,
            tls_offered: true,
            ..Session::new(host, max_bytes)
        }
    }

    pub(crate) fn greeting(&self) -> String {
        format!("220 {} marketdesk ESMTP ready", self.host)
    }

    /// The envelope of a message whose data was just read; the session is
    /// ready for the next one.
    pub(crate) fn take_envelope(&mut self) -> Envelope {
        self.envelope.take().unwrap_or_default()
    }

    pub(crate) fn command(&mut self, line: &str, desk: &impl Desk) -> Step {
        let line = line.trim_end_matches(['\r', '\n']);
        let (verb, rest) = match line.split_once(' ') {
            Some((verb, rest)) => (verb, rest.trim()),
            None => (line, ""),
        };
        match verb.to_ascii_uppercase().as_str() {
            "EHLO" => {
                self.greeted = true;
                self.envelope = None;
                let starttls = if self.tls_offered && !self.secure {
                    "250-STARTTLS\r\n"
                } else {
                    ""
                };
                Step::Reply(format!(
                    "250-{}\r\n250-PIPELINING\r\n250-SIZE {}\r\n{starttls}250-8BITMIME\r\n250-SMTPUTF8\r\n250 ENHANCEDSTATUSCODES",
                    self.host, self.max_bytes
                ))
            }
            "HELO" => {
                self.greeted = true;
                self.envelope = None;
                Step::Reply(format!("250 {}", self.host))
            }
            "MAIL" => self.mail(rest),
            "RCPT" => self.rcpt(rest, desk),
            "DATA" => match &self.envelope {
                Some(e) if !e.to.is_empty() => {
                    Step::StartData("354 End data with <CR><LF>.<CR><LF>".into())
                }
                _ => Step::Reply("503 5.5.1 Give MAIL and RCPT first".into()),
            },
            "RSET" => {
                self.envelope = None;
                Step::Reply("250 2.0.0 OK".into())
            }
            "NOOP" => Step::Reply("250 2.0.0 OK".into()),
            "VRFY" => Step::Reply("252 2.5.0 Cannot verify, but will try to deliver".into()),
            "QUIT" => Step::Close(format!("221 2.0.0 {} closing", self.host)),
            "STARTTLS" => {
                if !self.tls_offered {
                    Step::Reply("454 4.7.0 TLS not available".into())
                } else if self.secure {
                    Step::Reply("503 5.5.1 TLS is already on".into())
                } else if !rest.is_empty() {
                    Step::Reply("501 5.5.4 Syntax: STARTTLS".into())
                } else {
                    Step::StartTls("220 2.0.0 Ready to start TLS".into())
                }
            }
            "AUTH" => Step::Reply(
                "502 5.5.1 No authentication here: mail is delivered to the desk".into(),
            ),
            _ => Step::Reply("500 5.5.2 Command not recognized".into()),
        }
    }

    fn mail(&mut self, rest: &str) -> Step {
        if !self.greeted {
            return Step::Reply("503 5.5.1 Say EHLO first".into());
        }
        if self.envelope.is_some() {
            return Step::Reply("503 5.5.1 A message is already under way; RSET first".into());
        }
        let Some((from, params)) = path_after(rest, "FROM:") else {
            return Step::Reply("501 5.5.4 Syntax: MAIL FROM:<address>".into());
        };
        let size = params.split_whitespace().find_map(|p| {
            let (key, value) = p.split_once('=')?;
            key.eq_ignore_ascii_case("SIZE")
                .then(|| value.parse::<usize>().ok())
                .flatten()
        });
        if size.is_some_and(|s| s > self.max_bytes) {
            return Step::Reply(format!(
                "552 5.3.4 Message too big: at most {} bytes",
                self.max_bytes
            ));
        }
        self.envelope = Some(Envelope {
            from,
            to: Vec::new(),
        });
        Step::Reply("250 2.1.0 OK".into())
    }

    fn rcpt(&mut self, rest: &str, desk: &impl Desk) -> Step {
        let Some(envelope) = self.envelope.as_mut() else {
            return Step::Reply("503 5.5.1 Give MAIL first".into());
        };
        let Some((to, _)) = path_after(rest, "TO:") else {
            return Step::Reply("501 5.5.4 Syntax: RCPT TO:<address>".into());
        };
        if envelope.to.len() >= MAX_RECIPIENTS {
            return Step::Reply("452 4.5.3 Too many recipients".into());
        }
        if !desk.accepts(&to) {
            return Step::Reply("550 5.1.1 No such mailbox here".into());
        }
        if !envelope.to.contains(&to) {
            envelope.to.push(to);
        }
        Step::Reply("250 2.1.5 OK".into())
    }
}

/// `FROM:<a@b> SIZE=10` → (`a@b`, `SIZE=10`); the null path `<>` is "".
fn path_after<'a>(rest: &'a str, keyword: &str) -> Option<(String, &'a str)> {
    let head = rest.get(..keyword.len())?;
    if !head.eq_ignore_ascii_case(keyword) {
        return None;
    }
    let rest = rest[keyword.len()..].trim_start();
    let (path, params) = match rest.strip_prefix('<') {
        Some(inner) => {
            let end = inner.find('>')?;
            (&inner[..end], inner[end + 1..].trim())
        }
        // Some clients leave the brackets out.
        None => match rest.split_once(' ') {
            Some((path, params)) => (path, params.trim()),
            None => (rest, ""),
        },
    };
    // A source route (`@relay:user@host`) is obsolete; keep the mailbox.
    let path = path.rsplit(':').next().unwrap_or(path);
    if path.len() > 254 || path.contains(char::is_whitespace) {
        return None;
    }
    Some((path.to_lowercase(), params))
}

/// Collects a message's lines after DATA: undoes dot-stuffing, notices the
/// lone dot, and stops keeping bytes past the size limit.
#[derive(Debug, Default)]
pub(crate) struct Data {
    pub(crate) bytes: Vec<u8>,
    pub(crate) too_big: bool,
}

impl Data {
    /// Adds one line (with its line ending); true at the end of the message.
    pub(crate) fn line(&mut self, line: &[u8], max_bytes: usize) -> bool {
        let content = line
            .strip_suffix(b"\r\n")
            .or_else(|| line.strip_suffix(b"\n"))
            .unwrap_or(line);
        if content == b"." {
            return true;
        }
        let unstuffed = line
            .strip_prefix(b".")
            .filter(|_| line.starts_with(b".."))
            .unwrap_or(line);
        if self.bytes.len() + unstuffed.len() > max_bytes {
            self.too_big = true;
        }
        if !self.too_big {
            self.bytes.extend_from_slice(unstuffed);
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starttls_only_with_a_certificate_and_only_once() {
        struct All;
        impl Desk for All {
            fn accepts(&self, _: &str) -> bool {
                true
            }
        }
        let mut plain = Session::new("mx", 100);
        let Step::Reply(ehlo) = plain.command("EHLO c", &All) else {
            panic!("ehlo");
        };
        assert!(!ehlo.contains("STARTTLS"));
        assert!(matches!(plain.command("STARTTLS", &All), Step::Reply(r) if r.starts_with("454")));
        let mut offering = Session::new("mx", 100).offering_tls();
        let Step::Reply(ehlo) = offering.command("EHLO c", &All) else {
            panic!("ehlo");
        };
        assert!(ehlo.contains("250-STARTTLS"));
        assert!(
            matches!(offering.command("STARTTLS x", &All), Step::Reply(r) if r.starts_with("501"))
        );
        assert!(
            matches!(offering.command("STARTTLS", &All), Step::StartTls(r) if r.starts_with("220"))
        );
        let mut secure = Session::after_tls("mx", 100);
        assert!(
            matches!(secure.command("MAIL FROM:<a@b.c>", &All), Step::Reply(r) if r.starts_with("503"))
        );
        let Step::Reply(ehlo) = secure.command("EHLO c", &All) else {
            panic!("ehlo");
        };
        assert!(!ehlo.contains("STARTTLS"));
        assert!(matches!(secure.command("STARTTLS", &All), Step::Reply(r) if r.starts_with("503")));
    }

    struct OnlyHelp;
    impl Desk for OnlyHelp {
        fn accepts(&self, recipient: &str) -> bool {
            recipient == "help@shop.example"
        }
    }

    fn reply(step: Step) -> String {
        match step {
            Step::Reply(r) | Step::StartData(r) | Step::Close(r) | Step::StartTls(r) => r,
        }
    }

    #[test]
    fn a_message_is_given_in_order() {
        let mut s = Session::new("mx.shop.example", 1000);
        assert!(reply(s.command("MAIL FROM:<a@b.c>", &OnlyHelp)).starts_with("503"));
        assert!(
            reply(s.command("EHLO client.example", &OnlyHelp)).contains("250 ENHANCEDSTATUSCODES")
        );
        assert!(reply(s.command("DATA", &OnlyHelp)).starts_with("503"));
        assert_eq!(
            reply(s.command("MAIL FROM:<Ana@Example.com> BODY=8BITMIME", &OnlyHelp)),
            "250 2.1.0 OK"
        );
        assert!(
            reply(s.command("RCPT TO:<other@shop.example>", &OnlyHelp)).starts_with("550 5.1.1")
        );
        assert_eq!(
            reply(s.command("rcpt to:<Help@Shop.example>", &OnlyHelp)),
            "250 2.1.5 OK"
        );
        assert!(matches!(s.command("DATA", &OnlyHelp), Step::StartData(_)));
        let envelope = s.take_envelope();
        assert_eq!(envelope.from, "ana@example.com");
        assert_eq!(envelope.to, vec!["help@shop.example"]);
        // Ready for the next message on the same connection.
        assert_eq!(reply(s.command("MAIL FROM:<>", &OnlyHelp)), "250 2.1.0 OK");
        assert!(matches!(s.command("QUIT", &OnlyHelp), Step::Close(_)));
    }

    #[test]
    fn a_declared_size_over_the_limit_is_refused_at_once() {
        let mut s = Session::new("mx", 1000);
        s.command("EHLO x", &OnlyHelp);
        assert!(
            reply(s.command("MAIL FROM:<a@b.c> SIZE=5000", &OnlyHelp)).starts_with("552 5.3.4")
        );
        assert_eq!(
            reply(s.command("MAIL FROM:<a@b.c> SIZE=500", &OnlyHelp)),
            "250 2.1.0 OK"
        );
    }

    #[test]
    fn data_is_unstuffed_and_capped() {
        let mut d = Data::default();
        assert!(!d.line(b"Subject: x\r\n", 100));
        assert!(!d.line(b"..leading dot\r\n", 100));
        assert!(d.line(b".\r\n", 100));
        assert_eq!(d.bytes, b"Subject: x\r\n.leading dot\r\n");
        let mut big = Data::default();
        big.line(&[b'a'; 80], 100);
        big.line(&[b'b'; 80], 100);
        assert!(big.too_big);
    }

    #[test]
    fn paths_are_read_with_or_without_brackets() {
        assert_eq!(
            path_after("FROM:<a@b.c> SIZE=1", "FROM:"),
            Some(("a@b.c".into(), "SIZE=1"))
        );
        assert_eq!(
            path_after("from: a@b.c", "FROM:"),
            Some(("a@b.c".into(), ""))
        );
        assert_eq!(path_after("FROM:<>", "FROM:"), Some((String::new(), "")));
        assert_eq!(
            path_after("TO:<@relay:x@y.z>", "TO:"),
            Some(("x@y.z".into(), ""))
        );
        assert_eq!(path_after("FRUM:<a@b>", "FROM:"), None);
    }
}
