-- A review's subtitle ("Key Lines of Enquiry"), as documents often have one.
ALTER TABLE reviews ADD COLUMN subtitle TEXT;
