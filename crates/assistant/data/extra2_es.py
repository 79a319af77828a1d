# Round two of extra Spanish templates (written by hand for marketdesk).
E = {}
E["delete_account"] = """
quiero eliminar mi cuenta definitivamente
cómo borro mi cuenta para siempre
quiero darme de baja de la plataforma
borren todos mis datos y mi cuenta
ya no quiero tener cuenta con ustedes, elimínenla
cómo cierro mi cuenta en la app
quiero cancelar mi cuenta, no un pedido
eliminar perfil y tienda
cuánto tarda en borrarse la cuenta
"""
E["account_locked"] = """
mi cuenta está bloqueada
no puedo entrar, dice que la cuenta está suspendida
me bloquearon la cuenta sin motivo
puse mal la contraseña varias veces y ahora estoy bloqueado
mi cuenta de vendedor está congelada
desbloqueen mi cuenta por favor
"""
E["set_up_shipping_address"] = """
cómo agrego una dirección de envío a mi perfil
quiero guardar mi dirección para próximos pedidos
dónde pongo mi dirección predeterminada
puedo tener dos direcciones guardadas en la cuenta
no me deja guardar la dirección en mi cuenta
añadir dirección nueva en mi cuenta
"""
E["item_not_received"] = """
el pedido dice entregado pero nunca me llegó
ya pasó un mes y el paquete no llegó
nunca recibí el pedido {order}
marcaron el paquete como entregado y no tengo nada
{carrier} dice que lo entregó pero no recibí nada
no me ha llegado mi pedido y la fecha ya pasó hace semanas
"""
E["get_invoice"] = """
no me llegó la factura del pedido, me la mandan
no venía factura en la caja, envíenmela por correo
nunca recibí la factura de {order}
reenvíenme la factura porfa, no la encuentro
"""
E["open_dispute"] = """
el vendedor no me reembolsa, quiero abrir una disputa
no recibí el artículo y el vendedor dejó de contestar, abro reclamación
quiero disputar el pedido {order}, el vendedor no me devuelve el dinero
el vendedor me bloqueó, quiero que la plataforma intervenga
"""
E["return_item"] = """
cómo devuelvo un artículo
quiero iniciar una devolución del pedido {order}
dónde llevo el paquete de devolución
me dan una etiqueta de devolución para la {item}
quiero devolver la {item}, no me quedó
cómo devuelvo algo que compré a un vendedor
"""
E["check_refund_policy"] = """
cuál es el plazo para devolver y que me reembolsen
aceptan devoluciones de productos abiertos
tengo derecho a reembolso después de dos semanas
la política de reembolso aplica a vendedores particulares?
"""
E["check_cancellation_fee"] = """
cobran comisión por cancelar el pedido
cuánto cuesta cancelar un pedido
hay algún cargo si cancelo
si cancelo me cobran algo?
tiene costo cancelar la compra
"""
E["security_concern"] = """
alguien intenta entrar en mi cuenta
me llegó una alerta de seguridad rara
le di clic a un enlace sospechoso, mi cuenta está segura?
alguien compró cosas con mi cuenta sin permiso
me llamaron diciendo que eran de soporte y me pidieron el código
"""
E["contact_customer_service"] = """
tienen número de teléfono de atención al cliente
cómo les escribo a soporte
a qué correo les puedo escribir
hay chat en vivo?
"""
E["complaint"] = """
estoy muy descontento con cómo gestionaron mi reembolso
me quejo del servicio, nadie me ayuda
ya me he quejado tres veces y nada cambia
"""
E["report_listing"] = """
esta publicación es un fraude, quítenla
el vendedor estafa a la gente con este anuncio
reportar artículo de marca falsa
"""
E["get_refund"] = """
quiero mi reembolso del pedido {order}
devuélvanme el dinero, ya devolví el producto
quiero que me reembolsen la compra
"""
E["promotion_question"] = """
el cupón no se aplica
hay algún código promocional
la oferta no se refleja en el total
"""
E["create_account"] = """
cómo hago para registrarme
quiero abrir una cuenta nueva
"""
E["suggestion"] = """
una sugerencia: mejoren la app
estaría bien poder chatear con el vendedor desde el pedido
"""
E["cancel_order"] = """
cancelen mi compra {order}
quiero anular el pedido, pedí lo que no era
"""
