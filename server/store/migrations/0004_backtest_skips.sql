CREATE TABLE "backtest_skips" (
	"crm" text NOT NULL,
	"portal_id" text NOT NULL,
	"account_id" text NOT NULL,
	"renewal_id" text NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "backtest_skips_crm_portal_id_account_id_renewal_id_pk" PRIMARY KEY("crm","portal_id","account_id","renewal_id"),
	CONSTRAINT "backtest_skips_reason" CHECK ("backtest_skips"."reason" in ('usage_history_too_short', 'not_yet_a_customer', 'insufficient_data'))
);
