-- 008_payment_ref.sql: a payment's own reference, so a retried `svc fee pay` takes no second
-- payment.
--
-- `fee pay --ref TXN` records the bank, WeChat or Alipay transaction number (or any reference
-- the desk gives the payment). A second `fee pay` with the same method and reference — a script
-- retrying after a failure it could not see the end of — returns the first receipt instead of
-- taking the money twice. NULL for payments without one; unique per method when given.
ALTER TABLE payment ADD COLUMN ref TEXT CHECK (ref IS NULL OR length(ref) BETWEEN 1 AND 64);
CREATE UNIQUE INDEX payment_ref ON payment (method, ref) WHERE ref IS NOT NULL;
