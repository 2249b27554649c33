"""Who may do what on Sammen — the one access package.

- ``permissions``: staff roles and what each may do, municipality by municipality (``has_permission``).
- ``two_factor`` and ``middleware``: a staff power counts only in a session that passed the second factor.
- ``staff_security``: the staff lockout after failed logins.
- ``eligibility``: may this citizen contribute (post, write, organise).
- ``organisers``: may this person act for an association or a municipal unit, or manage what it organises.
- ``restrictions``: suspensions and blocks between people.
- ``services``: granting and revoking staff roles.

The rule for where checks happen: **every service that takes the acting person checks it** (with the functions
here) and raises ``SammenError``; views check too only to decide what to show, and translate a refusal of access
into "not found" (404), so that nobody can probe what exists. Nothing outside this package reads roles directly.
"""
