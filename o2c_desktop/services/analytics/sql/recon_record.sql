-- Both institutions' chain records, before statuses and exceptions are attached.
SELECT * FROM recon_imss_record
UNION ALL
SELECT * FROM recon_imssb_record
