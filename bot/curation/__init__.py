"""Curation core: roles and access, single-entry edits with history, the one-line form,
duplicate warnings, import previews. Knows nothing of Telegram (handlers/ drives it).

CONTRACT (handlers/ is written against these; the store work implements them):

    from bot.access import Role, AccessPolicy
    policy = AccessPolicy(settings, store)
    policy.role_of(user_id) -> Role | None          # ADMIN (settings.admins), CURATOR, MEMBER, None
    policy.may_ask(user_id, chat_id, chat_type) -> bool
        # access "open": True; "team": a member/curator/admin, or a chat an admin allowed
    policy.may_curate(user_id) -> bool              # curator or admin
    policy.is_admin(user_id) -> bool

    # people and chats (the store's people repository, bot/store/people.py)
    store.people.record_seen(user_id, username=None, name=None, language=None) -> None   # cheap upsert
    store.people.find(username) -> PersonRecord | None        # "@Name" or "name", case-insensitive
    store.people.set_role(user_id, role: "curator" | "member", actor) -> None
    store.people.revoke_role(user_id, actor) -> bool
    store.people.with_roles() -> list[PersonRecord]           # stored roles (admins come from env)
    store.people.allow_chat(chat_id, title, actor) / store.people.disallow_chat(chat_id, actor) -> bool
    store.people.allowed_chats() -> list[ChatRecord];  store.people.is_chat_allowed(chat_id) -> bool
    store.people.language(user_id) -> str | None;  store.people.set_language(user_id, lang | None)

    # single entries (atomic: the entry exists completely or not at all; a revision per change)
    store.entries.validate(kind, data) -> list[Problem]          # same rules as import
    store.entries.save(kind, data, actor) -> SaveResult          # add or update by id; raises ImportError_
    store.entries.update_field(kind, id, field, value, actor) -> SaveResult   # "value", "source.date", ...
    store.entries.retract(kind, id, reason, actor) / store.entries.restore(kind, id, actor)
    store.entries.history(kind, id) -> list[RevisionRecord]
    bot.curation.history.changes(prev: dict | None, cur: dict) -> list[FieldChange]  # what changed

    bot.curation.forms.parse_estimate_line(text, lexicon) -> dict (entry data) | raises FormError
        # "KZ; foreign-fighters; >500; 2014-09; KISI; Tengri News 2014-09-16 [; url]"
    bot.curation.duplicates.likely_duplicates(store, data) -> list[EstimateRecord]
        # same place, topic, estimator and as_of
    bot.curation.fields: the guided-flow field specs per kind (order, required, choices)
    bot.ingest.fetch.fetch_url(url, *, allow_private=False, ...) -> FetchedPage  # guarded httpx
    bot.ingest.extract.extract_article(html, url) -> Article(title, published, text, language)
"""

# ADDITIONS (beyond the contract; implemented in bot/store/people.py, entries.py, typed.py):
#   store.people.get(user_id), store.people.role(user_id), store.people.audit_log(subject=None, limit=100)
#   store.entries.save(kind, data, actor, mode="upsert" | "add" | "update")
#   store.entries.update_field(...): "figure"/"value" take typed figures ("250", ">500", "до 80", "80-100",
#       "12%"); "low"/"high" drop an exact value; dotted paths "source.date", "estimator.ru";
#       empty text removes an optional field; the id cannot change (problem "read_only").
#   store.entries.retract(kind, id, reason, actor): a non-empty reason or ImportError_ (field "reason").
#   bot.curation.forms: parse_law_line, FormError(field, code, params, problem), describe_form_error,
#       field_label(name, lang), ESTIMATE_LINE_SYNTAX / LAW_LINE_SYNTAX (msgids for /help),
#       estimate_id / law_id (unique ids), MAX_TEXT = 2000, MAX_NAME = 300.
#   bot.curation.fields: flow(kind) -> [FieldSpec], choices(kind, name, store, lexicon, lang) ->
#       [Choice], apply(data, name, raw, lexicon, kind=...), finish(kind, data, taken), missing().
#   bot.ingest.fetch: FetchError(code, params), describe_fetch_error(err, lang)
#   bot.ingest.extract: report_from_text(text, url=None, ...) -> Article; Article.report() -> data
