"""办件查询, the case detail and the barcode scanner that opens a case from anywhere."""
