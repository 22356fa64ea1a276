"""The adapters of the external tools: pandoc, Typst, EPUBCheck; one module each, the only callers of their tool."""
