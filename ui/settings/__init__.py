"""窗口设置 and 节假日管理: the settings form generated from the declarations, the holiday notice."""
