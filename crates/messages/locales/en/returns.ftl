# Returns: why an item cannot be sent back. { $item } is the product's name.

return-refusal-not-delivered = “{ $item }” has not been delivered yet; a return can start once it arrives.
return-refusal-window-closed = “{ $item }” can be returned within { $days } days of delivery, and that time has passed.
return-refusal-final-sale = “{ $item }” was a final-sale item and cannot be returned.
return-refusal-nothing-left = Every unit of “{ $item }” is already being returned or was cancelled.
