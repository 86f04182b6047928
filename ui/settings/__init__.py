"""窗口设置 and 节假日管理: the form generated from the declarations, and the holiday notice."""
