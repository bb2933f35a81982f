"""Bodo's side as versioned data: the vendor profile (platform account, supported regions, default
names) and the published versions of Bodo's reference policy.

`generator.vendor.profile.profile()` is the effective profile (the package's `data/profile.json`
plus the user's profile directory); `generator.vendor.fill` fills a policy's placeholders.
"""
