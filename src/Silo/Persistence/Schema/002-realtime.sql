-- The project's own tables. Idempotent, like 001.

-- Every stock movement of every SKU-region pool, in order. Append-only: a pool's group commit is one row, its lines
-- (first_seq to last_seq, gapless) in the Orleans binary format; a row is stored only where the pool's lines end right
-- before it, and (service_id, pool_id, first_seq) refuses a second writer of the same lines.
CREATE TABLE IF NOT EXISTS stock_ledger_batch
(
    service_id text   NOT NULL,
    pool_id    text   NOT NULL,
    first_seq  bigint NOT NULL,
    last_seq   bigint NOT NULL,
    lines      bytea  NOT NULL,
    PRIMARY KEY (service_id, pool_id, first_seq)
);

-- The ledger as written until 2026-12-05, one row per line; still read, before a pool's batches.
CREATE TABLE IF NOT EXISTS stock_ledger
(
    service_id     text             NOT NULL,
    pool_id        text             NOT NULL,
    seq            bigint           NOT NULL,
    at             timestamptz      NOT NULL,
    kind           smallint         NOT NULL,
    store_id       text             NOT NULL,
    on_hand_delta  bigint           NOT NULL,
    reserved_delta bigint           NOT NULL,
    on_hand_after  bigint           NOT NULL,
    reserved_after bigint           NOT NULL,
    reference_id   text             NULL,
    reason         text             NULL,
    expires_at     timestamptz      NULL,
    distance_km    double precision NULL,
    order_id       text             NULL,
    owner_id       text             NULL,
    PRIMARY KEY (service_id, pool_id, seq)
);

-- Added 2026-12-02: the member who made a reservation through the API (reserve lines only).
ALTER TABLE stock_ledger ADD COLUMN IF NOT EXISTS owner_id text NULL;

-- Today's leaderboard figures, one row per subject (guide, store, room) and local day. A flush upserts only the
-- facts it changed and keeps the larger of each figure, so a repeated or late save never lowers one.
CREATE TABLE IF NOT EXISTS score_fact
(
    service_id  text     NOT NULL,
    boards_id   text     NOT NULL,
    day         date     NOT NULL,
    subject     smallint NOT NULL,
    id          text     NOT NULL,
    name        text     NOT NULL,
    region_id   text     NOT NULL,
    team_id     text     NULL,
    sales       bigint   NOT NULL,
    orders      bigint   NOT NULL,
    new_members bigint   NOT NULL,
    commission  bigint   NOT NULL,
    PRIMARY KEY (service_id, boards_id, day, subject, id)
);

-- What guides', stores', live rooms' and franchisees' daily figures are made of: one row per sale, paid order or new
-- customer counted, under its owner (guide/{id}, store/{id}, room/{id}, room/{id}/after-end for orders paid after the
-- room ended, account/{id} for a franchise owner's part of each order) and local day. Append-only; the key makes
-- counting idempotent, and the figures are the sums of the rows, so a write costs one row however many sales the day
-- already has. Guides and stores delete their days beyond Guides:HistoryDays; rooms and accounts keep theirs (a room's
-- figures are over its whole life, an account's are its settlement statements).
CREATE TABLE IF NOT EXISTS sales_entry
(
    service_id  text   NOT NULL,
    owner_id    text   NOT NULL,
    day         date   NOT NULL,
    entry_id    text   NOT NULL,
    amount      bigint NOT NULL,
    orders      int    NOT NULL,
    new_members int    NOT NULL,
    commission  bigint NOT NULL,
    PRIMARY KEY (service_id, owner_id, day, entry_id)
);

-- The points each PK counted, one row per event (a paid order or a new customer) and the participant it scored for.
-- Append-only; the key counts an event once per PK (a new customer once per participant: its event id names both),
-- and the scores are the sums of the rows. An ended PK's rows are its final board; archive them with the PK if needed.
CREATE TABLE IF NOT EXISTS pk_point
(
    service_id     text   NOT NULL,
    pk_id          text   NOT NULL,
    event_id       text   NOT NULL,
    participant_id text   NOT NULL,
    points         bigint NOT NULL,
    PRIMARY KEY (service_id, pk_id, event_id)
);

-- Live rooms' flash-sale holds, one row per order: written when the order takes its units, its status changed when it
-- is paid (1) or its units go back (2). A room reads its holds on activation and derives from them what each sale has
-- left, so a buy costs one row however many orders the room took. A hold that left "held" (0) keeps that status.
CREATE TABLE IF NOT EXISTS sale_hold
(
    service_id text        NOT NULL,
    room_id    text        NOT NULL,
    order_id   text        NOT NULL,
    buyer_id   text        NOT NULL,
    sale_id    text        NOT NULL,
    units      jsonb       NOT NULL,
    expires_at timestamptz NOT NULL,
    status     smallint    NOT NULL,
    PRIMARY KEY (service_id, room_id, order_id)
);

-- Stores' fulfilment queues, one row per confirmed reservation a store must ship or hand over: added when the
-- reservation is confirmed, marked done (done_at) when its order is fulfilled. A store reads its waiting rows on
-- activation; a done row stays, so a repeated confirm cannot queue the line again. Archive old done rows if needed.
-- A reservation id is one SKU's pool's, so the SKU is part of the key.
CREATE TABLE IF NOT EXISTS fulfilment_line
(
    service_id     text        NOT NULL,
    store_id       text        NOT NULL,
    reservation_id text        NOT NULL,
    sku            text        NOT NULL,
    quantity       int         NOT NULL,
    mode           smallint    NOT NULL,
    order_id       text        NULL,
    confirmed_at   timestamptz NOT NULL,
    done_at        timestamptz NULL,
    PRIMARY KEY (service_id, store_id, sku, reservation_id)
);

-- Changed 2026-12-02: the key held no SKU, so a second SKU's reservation of the same id was taken for a repeat and
-- never queued. Existing rows keep their meaning.
DO $$
BEGIN
    IF (SELECT indnkeyatts FROM pg_index WHERE indrelid = 'fulfilment_line'::regclass AND indisprimary) = 3 THEN
        ALTER TABLE fulfilment_line DROP CONSTRAINT fulfilment_line_pkey, ADD PRIMARY KEY (service_id, store_id, sku, reservation_id);
    END IF;
END $$;

CREATE INDEX IF NOT EXISTS fulfilment_line_waiting ON fulfilment_line (service_id, store_id) WHERE done_at IS NULL;

-- Guides' customer lists, one row per member bound to the guide as exclusive guide: stored when a member binds,
-- deleted when operations reassign the member elsewhere. A guide reads its rows on activation.
CREATE TABLE IF NOT EXISTS guide_customer
(
    service_id text        NOT NULL,
    guide_id   text        NOT NULL,
    member_id  text        NOT NULL,
    bound_at   timestamptz NOT NULL,
    PRIMARY KEY (service_id, guide_id, member_id)
);

-- Members' order lists, one row per order a member placed: stored by the order as it is placed (with its own
-- state write), read newest first a page at a time. The orders themselves are grain state.
CREATE TABLE IF NOT EXISTS member_order
(
    service_id   text        NOT NULL,
    member_id    text        NOT NULL,
    order_id     text        NOT NULL,
    placed_at    timestamptz NOT NULL,
    live_room_id text        NULL,
    PRIMARY KEY (service_id, member_id, order_id)
);

CREATE INDEX IF NOT EXISTS member_order_newest ON member_order (service_id, member_id, placed_at DESC, order_id COLLATE "C" DESC);

-- Added 2026-12-07: the live room an order was placed in, so a room's page finds a member's orders there however many
-- they placed elsewhere since. Rows stored before it have none and are found only in the member's whole list.
ALTER TABLE member_order ADD COLUMN IF NOT EXISTS live_room_id text NULL;

CREATE INDEX IF NOT EXISTS member_order_room_newest ON member_order (service_id, member_id, live_room_id, placed_at DESC, order_id COLLATE "C" DESC)
    WHERE live_room_id IS NOT NULL;

-- The live-room directory's list, one row per room with its latest stored figures (as JSON): written when a room's
-- status changes, when an ended room's figures change (orders paid in the 72 hours after it ended), and at most every
-- 30 s for a live one. The directory reads the rooms not ended, or ended within those 72 hours, when it is activated.
CREATE TABLE IF NOT EXISTS live_room_listing
(
    service_id   text        NOT NULL,
    directory_id text        NOT NULL,
    room_id      text        NOT NULL,
    ended_at     timestamptz NULL,
    stats        jsonb       NOT NULL,
    PRIMARY KEY (service_id, directory_id, room_id)
);

CREATE INDEX IF NOT EXISTS live_room_listing_ended ON live_room_listing (service_id, directory_id, ended_at);
