//! `--format github`: GitHub Actions workflow commands, which the runner turns into
//! annotations on the pull request:
//! `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
//!
//! Severities: error → `error`, warning → `warning`, info and hint → `notice`. Escaping follows
//! the Actions toolkit: in the message `%`, `\r`, `\n` become `%25`, `%0D`, `%0A`; in property
//! values `:` and `,` also become `%3A` and `%2C`. Columns count Unicode scalar values, as in
//! every copydesk format. Files that could not be checked become `::error file=…::` lines.

use std::io::Write;

use crate::cli::Run;
use crate::diagnostic::Severity;

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "notice",
    }
}

/// Escapes a command's message (the part after `::`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=` …).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Writes one command per finding, then one per file error.
pub fn write(out: &mut dyn Write, run: &Run) -> std::io::Result<()> {
    for report in &run.reports {
        let file = escape_property(super::relative(&report.path));
        for f in &report.findings {
            let d = &f.diagnostic;
            writeln!(
                out,
                "::{} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
                command(d.severity),
                f.start.line,
                f.start.column,
                f.end.line,
                f.end.column,
                escape_property(&format!("copydesk ({})", d.rule)),
                escape_data(&d.message),
            )?;
        }
    }
    for e in &run.errors {
        let position = e.location.map_or_else(String::new, |(line, col)| format!(",line={line},col={col}"));
        writeln!(
            out,
            "::error file={}{position},title={}::{}",
            escape_property(super::relative(&e.path)),
            escape_property("copydesk could not check this file"),
            escape_data(&e.message)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::render::tests::render;
    use crate::cli::OutputFormat;

    #[test]
    fn commands_escape_messages_and_properties() {
        let text = render(OutputFormat::Github);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "::warning file=dir%2C a%3Ab/story 1.txt,line=1,col=1,endLine=1,endColumn=6,title=copydesk (web-boilerplate)::odd, 100%25 \"text\" <&> 'here'%0Asecond line: yes",
                "::notice file=dir%2C a%3Ab/story 1.txt,line=2,col=1,endLine=2,endColumn=8,title=copydesk (doubled-word)::doubled word: `the the`",
                "::error file=bad.txt,title=copydesk could not check this file::not valid UTF-8: invalid byte sequence at byte offset 3",
                "::error file=copydesk.toml,line=3,col=1,title=copydesk could not check this file::unknown key `stlye`",
            ]
        );
    }

    #[test]
    fn escaping_matches_the_toolkit() {
        assert_eq!(escape_data("a%b\r\nc:d,e"), "a%25b%0D%0Ac:d,e");
        assert_eq!(escape_property("a%b\r\nc:d,e"), "a%25b%0D%0Ac%3Ad%2Ce");
    }
}
