//! `cargo xtask diff OLD.json NEW.json [--deny-breaking]`: what a model change does to users of
//! the generated crate, as Markdown for a pull request's description.

use std::fs;
use std::path::Path;

/// Prints the report of `old` -> `new` on stdout. With `deny_breaking`, a breaking change is an
/// error (after the report is printed), so CI can refuse it.
pub fn run(old: &Path, new: &Path, deny_breaking: bool) -> Result<(), String> {
    let read = |path: &Path| fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()));
    let (old_text, new_text) = (read(old)?, read(new)?);
    let report = codegen::diff::diff(&old_text, &new_text)
        .map_err(|problems| format!("cannot compare {} and {}:\n{problems}", old.display(), new.display()))?
        .labeled(old.display().to_string(), new.display().to_string());
    print!("{}", report.to_markdown());
    let breaking = report.breaking().count();
    if deny_breaking && breaking > 0 {
        return Err(format!(
            "--deny-breaking: {breaking} breaking change(s) between {} and {}",
            old.display(),
            new.display()
        ));
    }
    Ok(())
}
