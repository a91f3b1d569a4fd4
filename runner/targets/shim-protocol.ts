/**
 * What the `{server}` stand-in (runner/cli/stdio-shim.ts) and the harness (shim-endpoint.ts) agree on: a control
 * line starts with this, and its NUL byte keeps it apart from anything a client can send (JSON text
 * never holds a raw NUL).
 */
export const SHIM_CONTROL = '\u0000mcp-conformance-shim:';
