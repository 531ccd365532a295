package io.neoagent.bridge.webhook;

/** The webhook contract on the default inbox: a real SQLite file. */
class WebhookIntakeOnSqliteTest extends WebhookIntakeContract {}
