-- Why a capture was taken (for example the operator's regression reason), shown with the capture.
ALTER TABLE profiling_captures ADD COLUMN reason text CHECK (char_length(reason) <= 1000);
