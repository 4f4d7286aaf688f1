-- Default configuration of the copydesk language server for Neovim 0.11+: with this folder on
-- 'runtimepath', `vim.lsp.enable('copydesk')` is enough (override with vim.lsp.config).
return {
  cmd = { 'copydesk', 'lsp' },
  filetypes = { 'markdown', 'text' },
  root_markers = { 'copydesk.toml', '.git' },
}
