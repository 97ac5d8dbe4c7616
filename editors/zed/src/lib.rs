//! The Zed extension for lexlint: it starts `lexlint lsp` (found on the
//! PATH of the project's shell) for Markdown, plain text, YAML and JSON.

use zed_extension_api::{self as zed, LanguageServerId, Result};

struct Lexlint;

impl zed::Extension for Lexlint {
    fn new() -> Self {
        Lexlint
    }

    fn language_server_command(
        &mut self,
        _id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let command = worktree.which("lexlint").ok_or_else(|| {
            "lexlint is not on PATH: go install github.com/lexlint/lexlint/cmd/lexlint@latest"
                .to_string()
        })?;
        Ok(zed::Command {
            command,
            args: vec!["lsp".to_string()],
            env: worktree.shell_env(),
        })
    }
}

zed::register_extension!(Lexlint);
