"""The CI quality gate: corpus metrics, thresholds from a policy, paired bootstrap vs a baseline.

Public API:
    gate_lines(GateInputs, Policy, embedder) -> dict      line-aligned test sets
    gate_documents(src, hyp, src_lang, tgt_lang, Policy, embedder, *, ref=None) -> dict
    load_policy(path | None) -> Policy
    to_junit(result) / to_markdown(result) / to_text(result) -> str
Modules: inputs (reading files), metrics (sacreBLEU corpus scores, flag counts, MQM),
bootstrap (intervals, paired test), policy (TOML), checks (thresholds, regressions),
run (orchestration), junit / markdown (writers).
The result dict follows ``evalkit/schemas/gate.schema.json``.
"""
