"""Adopting setups customers made by hand: read the account, discover a spec, import, never recreate.

account.py    read-only views of what the account holds (bucket, table, role, alarms, stacks)
model.py      those views as typed objects (raw responses stop in account.py)
discover.py   the customer spec those resources describe (`bodocfg discover`)
policies.py   the role's policy in words against Bodo's published versions; actions a plan adds
plan.py       per managed resource: import or create, and what the first apply changes
alarms.py     which existing vCPU alarm each managed alarm takes over (never one beside it)
conflicts.py  why an existing resource cannot be adopted as it is (each names its spec field)
write.py      `bodocfg adopt`: refuse on any conflict, else render + imports.tf
guard.py      plan/apply: stop before creating again what already exists, pointing to adopt
handmade.py   an account set up by hand, as the setup guide does it (demo and tests)
"""
