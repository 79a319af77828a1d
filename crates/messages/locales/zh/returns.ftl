# Returns: why an item cannot be sent back. { $item } is the product's name.

return-refusal-not-delivered = “{ $item }”尚未送达，收货后才能申请退货。
return-refusal-window-closed = “{ $item }”的退货期为签收后 { $days } 天，现已超过退货期。
return-refusal-final-sale = “{ $item }”为最终销售商品，不支持退货。
return-refusal-nothing-left = “{ $item }”的所有件数都已在退货中或已取消。
