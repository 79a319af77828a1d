# Round three of extra Spanish templates (written by hand for marketdesk).
E = {}
E["check_refund_policy"] = """
qué política de devoluciones tienen
cuántos días hay para devolver un producto
si devuelvo algo me reembolsan el envío?
los reembolsos son en efectivo o en saldo
en qué casos no hay reembolso
me pueden explicar cómo funciona lo de los reembolsos
"""
E["greeting"] = """
hola, hay alguien?
hola buenos días, tengo una pregunta
buenas tardes a todos
holaa qué tal
hola buenas noches
"""
E["account_locked"] = """
no puedo entrar, mi cuenta está bloqueada
me desactivaron la cuenta, por qué
cuenta bloqueada después de cambiar de celular
"""
E["return_item"] = """
quiero devolver mi pedido, no era lo que esperaba
solicitud de devolución para {order}
cómo le devuelvo el producto al vendedor
"""
E["suggestion"] = """
les propongo que añadan más tallas
sería buena idea poder pagar con Bizum
deberían mejorar los filtros de búsqueda
"""
E["change_order"] = """
quiero cambiar la talla de mi pedido que aún no envían
puedo agregar otra cosa a mi pedido antes de que salga
"""
E["change_order"] += """
el pedido {order} todavía no sale, quiero cambiar la talla a {size}
antes de que envíen mi pedido quiero cambiar el color
modifiquen mi pedido por favor, quiero otro modelo, aún no lo mandan
me equivoqué al hacer el pedido, quiero cambiar un artículo antes del envío
cambien mi orden de {color} a {color}, aún está en preparación
"""
E["account_locked"] += """
cuánto tiempo va a estar bloqueada mi cuenta
cuándo me desbloquean la cuenta
"""
