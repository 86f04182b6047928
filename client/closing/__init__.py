"""The end of a case: 出证/送达 (who may collect, postal handover) and 好差评."""
