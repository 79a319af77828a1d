# Round four of extra Spanish templates (written by hand for marketdesk):
# more varied phrasings (Mexico and Spain), with more lines where intents are
# still confused (política de reembolsos vs pedir el reembolso, cambiar vs
# cancelar un pedido, quejas, cuentas, disputas, sugerencias, ...).
E = {}
E["check_refund_policy"] = """
cuál es su política de reembolso
qué condiciones hay para que me regresen el dinero
los productos en oferta tienen reembolso?
el envío también se reembolsa o solo el producto
en qué casos no aplica el reembolso
el reembolso es a la misma tarjeta o como saldo en la tienda
dónde puedo leer las condiciones de reembolso
me reembolsan si simplemente no me gustó el producto?
"""
E["get_refund"] = """
quiero que me devuelvan mi dinero del pedido {order}
exijo el reembolso de {amount}
solicito el reembolso completo, el producto vino defectuoso
ya devolví el artículo, ahora quiero mi reembolso
reembólsenme por favor, no quiero otro producto
necesito que me regresen el dinero de la {item}
pido la devolución del importe de mi compra
"""
E["track_refund"] = """
cuándo me llega el reembolso
ya aprobaron mi reembolso pero el dinero no aparece
hace {dias} días que me dijeron que me reembolsaban y nada
todavía no veo el reembolso en mi tarjeta
cuánto tarda en reflejarse el reembolso en mi cuenta
"""
E["change_order"] = """
quiero pedir {size} en lugar de la talla que puse en el pedido {order}
me gustaría añadir una {item} al pedido que hice hoy
pueden quitar un artículo de mi pedido antes de enviarlo
quiero modificar la cantidad de mi pedido pendiente
cambien el color de mi pedido a {color}, todavía no sale
es posible editar los productos de un pedido en preparación
quiero actualizar mi pedido antes de que lo despachen
"""
E["cancel_order"] = """
ya no quiero el pedido {order}, cancélenlo
cómo cancelo una compra que todavía no se envía
anulen mi pedido completo por favor
quiero cancelar, me equivoqué al comprar
den de baja mi pedido, ya no lo necesito
cancelar mi orden antes del envío
"""
E["complaint"] = """
estoy muy molesto con el servicio que me han dado
quiero poner una queja formal
es la peor experiencia de compra que he tenido
su atención al cliente es pésima
estoy harta de los retrasos con mis envíos
quiero quejarme del trato de un vendedor
nadie me resuelve nada, esto es un desastre
llevo semanas esperando respuesta y estoy indignado
"""
E["create_account"] = """
cómo me creo una cuenta
quiero registrarme como cliente nuevo
dónde me doy de alta en la página
cómo hago una cuenta de vendedor
necesito crear un usuario nuevo
"""
E["registration_problems"] = """
no me llega el correo de verificación para registrarme
al registrarme dice que el correo ya existe
el formulario de alta no acepta mi número de teléfono
"""
E["open_dispute"] = """
quiero abrir una disputa con el vendedor
el vendedor no me contesta, cómo abro una reclamación
necesito que intervengan, el vendedor no quiere solucionar
cómo inicio una disputa por el pedido {order}
quiero escalar el caso, el vendedor no cumple
"""
E["suggestion"] = """
deberían añadir modo oscuro a la app
sería genial poder guardar productos para después
les dejo una idea: filtros por talla
tengo una sugerencia para su página web
estaría bien que aceptaran más formas de pago
propongo que muestren el tiempo de entrega en cada producto
"""
E["review"] = """
cómo dejo una reseña
quiero calificar al vendedor
dónde puedo opinar sobre un producto
puedo editar la reseña que escribí
"""
E["contact_customer_service"] = """
cómo me comunico con atención al cliente
cuál es el teléfono de soporte
dónde está el chat de soporte
cómo contacto con ustedes
"""
E["contact_human_agent"] = """
quiero hablar con una persona real
pásame con un agente por favor
no quiero un bot, quiero un asesor
me comunican con alguien de carne y hueso
transfiéreme a un agente humano
"""
E["account_locked"] = """
mi cuenta está bloqueada
dice que mi cuenta está suspendida
me bloquearon por intentar entrar muchas veces
cómo desbloqueo mi cuenta
"""
E["security_concern"] = """
creo que me hackearon la cuenta
alguien entró a mi cuenta desde otro país
me cambiaron la contraseña sin que yo lo hiciera
este mensaje es de ustedes o es una estafa
creo que mi cuenta está comprometida
"""
E["edit_account"] = """
cómo cambio mi correo electrónico de la cuenta
quiero actualizar mi nombre en el perfil
dónde modifico mis datos personales
puedo cambiar mi nombre de usuario
quiero editar la información de mi cuenta
"""
E["switch_account"] = """
cómo entro con otra cuenta
quiero cambiarme a mi otra cuenta
cómo cierro sesión para usar otra cuenta
puedo tener dos cuentas y pasar de una a otra
"""
E["delete_account"] = """
quiero eliminar mi cuenta
borren mi cuenta y mis datos
cómo doy de baja mi cuenta definitivamente
ya no quiero tener cuenta con ustedes, elimínenla
"""
E["membership_question"] = """
qué beneficios tiene la membresía premium
cuánto cuesta la suscripción mensual
la membresía incluye envío gratis?
cómo cancelo mi membresía
qué ventajas tiene el nivel plata
"""
E["promotion_question"] = """
mi código de descuento no funciona
hay alguna promoción ahora
el cupón no se aplica en el carrito
cuándo empiezan las rebajas
tienen descuento para la primera compra
cómo uso un vale de descuento
"""
E["track_order"] = """
dónde está mi pedido {order}
ya enviaron mi paquete?
el seguimiento no se actualiza desde hace días
en qué parte va mi envío
me pueden decir el estado de mi compra
mi paquete sigue en tránsito, dónde está
"""
E["delivery_period"] = """
cuánto tarda en llegar un pedido
si compro hoy, cuándo me llega
cuántos días hábiles tarda el envío a {country}
llega antes de {date} si pido ahora?
cuál es el tiempo de entrega normal
"""
E["delivery_options"] = """
tienen envío exprés
puedo recoger mi pedido en tienda
qué opciones de envío hay
hacen entregas los fines de semana
envían a {country}?
hay envío más barato aunque tarde más
"""
E["change_shipping_address"] = """
me equivoqué en la dirección del pedido {order}, la pueden corregir
quiero que mi paquete vaya a otra dirección
me mudé, cambien la dirección de entrega de mi pedido
"""
E["set_up_shipping_address"] = """
cómo guardo una dirección de envío en mi cuenta
dónde agrego una dirección nueva
quiero poner una dirección predeterminada
"""
E["place_order"] = """
cómo hago un pedido
quiero comprar la {item}, cómo la pido
cuáles son los pasos para comprar
puedo comprar sin crear cuenta
cómo pago lo que tengo en el carrito
"""
E["reschedule_delivery"] = """
no voy a estar en casa {date}, pueden entregarlo otro día
quiero cambiar el día de entrega
pueden volver a intentar la entrega {date}
necesito aplazar la entrega unos días
"""
E["item_not_received"] = """
mi pedido nunca llegó
dice entregado pero no recibí nada
pagué hace semanas y no me ha llegado
el paquete nunca apareció
sigo esperando el pedido {order}, ya debería haber llegado
"""
E["item_damaged"] = """
la {item} llegó rota
el producto vino dañado
la caja venía aplastada y el {item} también
me llegó con un golpe y rayado
no funciona, parece que se dañó en el envío
"""
E["wrong_item"] = """
me enviaron otra talla
recibí un producto diferente al que pedí
me llegó el color equivocado, pedí {color}
esto no es lo que compré
"""
E["customs_issue"] = """
mi paquete está retenido en aduana
tengo que pagar impuestos de importación?
la aduana me pide un pago para liberar el paquete
quién paga los aranceles de aduana
"""
E["return_item"] = """
quiero devolver la {item}
cómo inicio una devolución
dónde consigo la etiqueta de devolución
quiero regresar el producto, no me quedó
puedo devolver algo que compré la semana pasada
"""
E["exchange_item"] = """
puedo cambiarla por otra talla
quiero cambiar la {item} por una de color {color}
es posible cambiar un producto que no me queda
quiero el mismo modelo pero en {size}
"""
E["payment_issue"] = """
mi pago no pasa
rechazaron mi tarjeta al pagar
me cobraron pero el pedido aparece sin pagar
me sale error al pagar
no puedo pagar con mi tarjeta
"""
E["unauthorized_charge"] = """
tengo un cargo que no reconozco
me cobraron {amount} y yo no compré nada
hay un cargo desconocido en mi estado de cuenta
"""
E["check_payment_methods"] = """
qué formas de pago aceptan
aceptan pago contra entrega
se puede pagar a meses sin intereses
"""
E["check_invoice"] = """
mi factura tiene un error
el importe de la factura no coincide con lo que pagué
por qué hay un cargo extra en la factura
el IVA de mi factura está mal
"""
E["get_invoice"] = """
me pueden mandar la factura del pedido {order}
dónde descargo mi factura
necesito factura de mi compra
envíenme la factura a {email}
"""
E["seller_payout"] = """
cuándo me pagan mis ventas
no me ha llegado el pago como vendedor
cómo cambio la cuenta bancaria para cobrar
por qué está retenido mi saldo de vendedor
"""
E["report_listing"] = """
quiero denunciar un anuncio
este producto parece falso, cómo lo reporto
hay un vendedor vendiendo imitaciones
cómo reporto una publicación sospechosa
"""
E["newsletter_subscription"] = """
cómo me suscribo al boletín
ya no quiero recibir sus correos
quiero recibir su newsletter
"""
E["greeting"] = """
hola qué tal
buenas tardes
"""
E["thanks"] = """
gracias, muy amable
te lo agradezco
"""
E["other"] = """
qué tiempo hace hoy
cuéntame un chiste
quién ganó el partido
recomiéndame una película
estoy aburrido
"""

# Más vocabulario: sinónimos y formas coloquiales de México y España.
E["check_refund_policy"] += """
qué dice su política sobre abonos y devoluciones de dinero
me abonan el importe si devuelvo un artículo rebajado?
el reintegro se hace en efectivo o con saldo a favor
cubren los gastos de envío cuando hay reembolso
qué requisitos piden para un reintegro
"""
E["get_refund"] += """
quiero que me abonen el importe del pedido {order}
exijo el reintegro de mi dinero
devuélvanme lo que pagué por la {item}
"""
E["track_refund"] += """
ya pasaron {dias} días y el abono no aparece
cuándo me reintegran el dinero que me prometieron
mi reembolso sigue en proceso, cuándo se acredita
"""
E["cancel_order"] += """
quiero dar de baja la compra que acabo de hacer
retiren mi pedido, ya no lo voy a querer
cancélame la orden {order} porfa
"""
E["change_order"] += """
a mi pedido le falta algo, quiero agregar otra {item} antes del envío
cámbienme el modelo del pedido {order}, todavía no lo empaquetan
me gustaría corregir la talla del pedido que hice ayer
"""
E["complaint"] += """
qué mal servicio, estoy decepcionado
esto es inaceptable, quiero hablar de una queja
me tienen harto con tantos errores
pésima experiencia, no vuelvo a comprar aquí
"""
E["suggestion"] += """
una idea para mejorar la app: notificaciones cuando baje un precio
estaría padre que hubiera lista de deseos
les recomiendo poner más fotos en los productos
"""
E["create_account"] += """
qué necesito para abrirme una cuenta
quiero hacerme una cuenta para vender mis cosas
"""
E["open_dispute"] += """
quiero reclamar al vendedor por medio de ustedes
abran un caso contra el vendedor por el pedido {order}
el vendedor no responde mis mensajes, quiero iniciar un reclamo
"""
E["contact_customer_service"] += """
hay un número de whatsapp de soporte
a qué correo escribo para soporte
"""
E["contact_human_agent"] += """
con un asesor humano por favor
quiero que me atienda un empleado, no la máquina
"""
E["membership_question"] += """
qué incluye el plan anual
cuánto cuesta ser miembro premium
"""
E["item_damaged"] += """
la {item} vino estrellada
el producto llegó roto por dentro
"""
E["greeting"] += """
buenas
qué tal, buenas tardes
"""
E["thanks"] += """
"""
E["other"] += """
qué hago de cenar hoy
"""
E["reschedule_delivery"] += """
prefiero que me lo entreguen la próxima semana
"""
E["set_up_shipping_address"] += """
cómo registro mi dirección para los envíos
quiero dar de alta una dirección de entrega
"""
E["unauthorized_charge"] += """
me hicieron un cobro que no autoricé
aparece una compra en mi tarjeta que no hice yo
"""
E["wrong_item"] += """
me mandaron un modelo distinto al de la foto
el artículo que recibí no coincide con mi pedido
"""
E["promotion_question"] += """
el código promocional me da error
por qué no me hacen el descuento de la oferta
"""

# Ronda final de variedad para las intenciones de español aún flojas.
E["customs_issue"] += """
aduanas tiene mi pedido detenido desde hace días
me llegó un aviso de aduana para pagar aranceles
el paquete internacional no sale de la aduana
cuánto hay que pagar de impuestos al importar
"""
E["delivery_options"] += """
hacen envíos internacionales
se puede mandar a un punto de recogida
qué paqueterías manejan
tienen entrega el mismo día en {country}
"""
E["greeting"] += """
buenos días, cómo están
holaaa
saludos
"""
E["thanks"] += """
gracias mil
graciasss
ok, gracias por la ayuda
"""
E["membership_question"] += """
vale la pena pagar la membresía
qué diferencia hay entre el plan básico y el premium
cómo renuevo mi membresía
"""
E["report_listing"] += """
este anuncio es una estafa, denúncienlo
quiero reportar a un vendedor por vender productos prohibidos
la descripción del producto es engañosa, quiero reportarla
"""
E["seller_payout"] += """
cuándo depositan el dinero de mis ventas
mis ganancias como vendedor no aparecen en mi banco
cómo retiro el saldo de mis ventas
"""
E["set_up_shipping_address"] += """
es mi primera compra, dónde pongo mi dirección
añadir una dirección de envío nueva a mi perfil
"""
E["unauthorized_charge"] += """
me cobraron algo que yo no pedí
no reconozco este cobro de {amount}
"""
E["suggestion"] += """
podrían agregar la opción de pagar en cuotas, sería útil
sugiero que el buscador sea más rápido
"""
E["create_account"] += """
cómo creo mi perfil en la tienda
quiero registrarme con mi correo {email}
"""
E["place_order"] += """
cómo compro este producto
quiero hacer una compra pero no sé cómo
"""
E["payment_issue"] += """
el pago se quedó procesando y no se completó
"""
E["return_item"] += """
cómo mando de regreso un producto
quiero devolver una compra, qué tengo que hacer
"""
E["exchange_item"] += """
se puede cambiar por otro color
"""
E["account_locked"] += """
mi cuenta aparece como bloqueada, qué hago
me suspendieron la cuenta sin avisar
"""
E["edit_account"] += """
quiero cambiar la contraseña y el correo de mi perfil
cómo actualizo mi número en mis datos
"""
E["switch_account"] += """
quiero usar mi otra cuenta para comprar
"""
E["contact_customer_service"] += """
cómo les escribo para una duda
"""
E["open_dispute"] += """
quiero abrir un reclamo porque el vendedor no cumplió
"""

# Mensajes más largos con contexto, donde las palabras que suelen marcar otra
# intención (pedido, reembolso, cuenta, correo) aparecen solo como contexto.
E["track_order"] += """
compré un regalo para mi hermana hace una semana, me pueden decir por dónde va
el vendedor puso el pedido {order} como enviado pero el rastreo no muestra nada
necesito la {item} para {date}, en dónde está ahorita
mi número de guía {track} dice incidencia, qué significa para mi envío
pedí dos cosas en el mismo pedido, una llegó y la otra dónde está
"""
E["delivery_period"] += """
estoy entre dos vendedores, cuál envía más rápido a {country}
si pido la {item} esta noche me llega para {date}?
dice de 3 a 7 días, son días hábiles o naturales
cuánto tardan los envíos desde el extranjero
si compro el fin de semana lo mandan el lunes?
"""
E["delivery_options"] += """
vivo en un edificio sin portero, qué otra forma de recibir el paquete tienen
tienen envío especial para cosas frágiles
puedo pagar más para que llegue más rápido
tienen la opción de comprar en línea y recoger en tienda
se puede pedir entrega con firma
"""
E["change_order"] += """
se me olvidó poner otra {item} en mi pedido, la pueden añadir antes de enviarlo
quiero mantener el pedido pero cambiar la {item} a color {color}
se pueden juntar mis dos pedidos pendientes en un solo envío
el pedido no ha salido, quiero quitar un producto y dejar los demás
"""
E["change_shipping_address"] += """
puse mi dirección vieja en el pedido sin querer, cámbienla por la nueva
estoy de viaje, manden el pedido {order} a otra ciudad por favor
quiero cambiar a dónde llega mi paquete
"""
E["set_up_shipping_address"] += """
acabo de crear mi cuenta y quiero agregar a dónde llegan mis pedidos
cómo pongo un apartado postal como dirección de envío
puedo guardar la dirección de mi oficina como segunda dirección
"""
E["cancel_order"] += """
la fecha de entrega es muy tarde para mí, quiero cancelar el {order}
pedí lo que no era, cancelen todo el pedido por favor
ya no lo necesito y aún no lo mandan, quiero cancelarlo
"""
E["place_order"] += """
nunca he comprado aquí, qué hago después de poner las cosas en el carrito
puedo pedir productos de dos vendedores en una sola compra
se puede comprar como invitado
quiero comprar un regalo para alguien, cómo hago el pedido
"""
E["reschedule_delivery"] += """
me dejaron un aviso de entrega, cómo programo otra fecha
quiero cambiar cuándo me entregan el paquete
"""
E["item_not_received"] += """
ya pasó un mes y mi paquete no llega, el vendedor dice que lo mandó
nunca recibí el pedido {order}, qué hago
mi pedido se perdió, nunca me llegó
"""
E["item_damaged"] += """
la pantalla de la {item} llegó con una grieta
abrí la caja y la {item} venía hecha pedazos, el empaque era malísimo
a la {item} le llegó una pieza rota
la {item} gotea, seguro se dañó en el transporte
"""
E["wrong_item"] += """
pedí talla {size} y la etiqueta dice otra
me mandaron la {item} en {color} y yo elegí otro color
en la caja venía un producto de otro vendedor
esto no es lo que pagué, el producto del paquete es otro
"""
E["customs_issue"] += """
la paquetería me pide pagar impuestos de importación antes de entregar, es normal?
mi pedido del extranjero lleva una semana en aduanas
tengo que llenar algún formulario de aduana para mi paquete
por qué me cobraron aranceles por un regalo
"""
E["return_item"] += """
la {item} no me queda bien, la quiero devolver
cuántos productos puedo devolver en un solo paquete
empecé una devolución pero perdí la etiqueta, me la reenvían
puedo devolver la {item} si ya le quité la etiqueta
"""
E["exchange_item"] += """
la {item} me quedó chica, me pueden mandar la talla siguiente
"""
E["get_refund"] += """
cancelé el pedido y ahora quiero el dinero de vuelta en mi tarjeta
la {item} salió defectuosa, quiero reembolso y no reemplazo
reembólsenme el envío que me cobraron por error
"""
E["track_refund"] += """
mandé la devolución hace dos semanas, cuándo recibo el dinero
mi banco dice que no hay ningún reembolso entrante
confirmaron el reembolso el lunes, cuánto tarda en verse
"""
E["check_refund_policy"] += """
antes de comprar, me pueden decir si hay reembolso si no me queda
los productos digitales tienen reembolso
si el vendedor es del extranjero aplica la misma política de reembolso
cómo funciona la política de reembolso para regalos
"""
E["payment_issue"] += """
probé con tres tarjetas y el pago falla siempre
PayPal dice que el pago se hizo pero su página dice pendiente
me cobraron pero el pedido se canceló solo
el botón de pagar no hace nada
"""
E["unauthorized_charge"] += """
revisé mi estado de cuenta y hay cargos de ustedes que nunca autoricé
me cargaron {amount} por algo que no compré
hay un cobro mensual al que nunca me suscribí
"""
E["check_payment_methods"] += """
aceptan tarjetas de regalo como forma de pago
aceptan tarjetas prepago
puedo pagar en efectivo en una tienda de conveniencia
"""
E["check_invoice"] += """
la factura que me llegó trae productos que no pedí
por qué el total de la factura es distinto al cargo de mi tarjeta
a mi factura le falta mi RFC
pueden revisar si el envío de mi factura está bien
"""
E["get_invoice"] += """
mi contador necesita la factura del pedido {order}, dónde la consigo
me pueden hacer factura con los datos de mi empresa
no encuentro el comprobante en mi cuenta, me lo mandan por correo
reenvíenme la factura del pedido del mes pasado
"""
E["promotion_question"] += """
la oferta del Buen Fin incluye esta {item}?
tengo un código de invitación, dónde lo pongo
puedo usar dos cupones en un pedido
la promoción de envío gratis no se aplicó a mi pedido
"""
E["membership_question"] += """
mi membresía se renueva sola?
puedo compartir mi membresía con mi familia
pagué la membresía pero no veo los precios de socio
hay prueba gratis de la membresía
"""
E["create_account"] += """
me puedo registrar con mi cuenta de Google
necesito cuenta para vender en su tienda, cómo la creo
"""
E["registration_problems"] += """
me sale un error al enviar el formulario de registro
el código para confirmar el registro nunca llega por SMS
"""
E["recover_password"] = """
el correo para restablecer la contraseña llega a un email que ya no uso
"""
E["account_locked"] += """
me bloquearon la cuenta después de cambiar de teléfono
desbloqueen mi cuenta, ya verifiqué mi identidad
"""
E["security_concern"] += """
cómo activo la verificación en dos pasos para proteger mi cuenta
"""
E["edit_account"] += """
cómo actualizo mi fecha de nacimiento
quiero cambiar mi foto de perfil y el nombre que aparece
"""
E["switch_account"] += """
mi pareja y yo usamos la misma compu, cómo cambiamos de cuenta
cómo inicio sesión con otro correo
"""
E["delete_account"] += """
cierren mi cuenta y borren todos mis datos
"""
E["open_dispute"] += """
el vendedor me mandó algo falso y no quiere reembolsar, quiero abrir un caso
quiero que ustedes intervengan, el vendedor y yo no llegamos a un acuerdo
cómo escalo un problema con un vendedor a su equipo
"""
E["report_listing"] += """
este anuncio usa fotos robadas, quiero reportarlo
un vendedor está vendiendo armas, esto debería quitarse
"""
E["seller_payout"] += """
soy vendedor y mi último pago fue menor de lo esperado
cuándo liberan el dinero de mi última venta
cómo agrego mis datos bancarios para recibir pagos
"""
E["contact_customer_service"] += """
hay una línea telefónica para preguntar por mi pedido
cómo los contacto fuera de este chat
"""
E["contact_human_agent"] += """
necesito hablar con un agente, es algo complicado
humano por favor
"""
E["complaint"] += """
llevo dos semanas esperando respuesta, es inaceptable
el repartidor fue grosero y quiero quejarme
su servicio ha empeorado mucho, estoy muy inconforme
"""
E["review"] += """
dónde dejo mi opinión del vendedor después de la entrega
quiero escribir una reseña de la {item} que compré
cómo califico mi compra
"""
E["suggestion"] += """
ayudaría que pusieran la guía de tallas en cada producto
por qué no agregan la opción de envolver para regalo
creo que deberían dejar que los vendedores respondan a las reseñas
"""
E["newsletter_subscription"] += """
me llegan sus correos cada semana, cómo los quito
quiero suscribirme para enterarme de las ofertas
cómo me doy de alta en las alertas de descuentos por correo
"""
E["greeting"] += """
hola, espero que estén bien
buenas noches a todos
"""
E["thanks"] += """
gracias, era todo lo que necesitaba
perfecto, muchas gracias
genial, gracias
"""
E["other"] += """
cuál es el sentido de la vida
me ayudas con mi tarea de matemáticas
va a llover mañana?
me gustan las tortugas
"""

# Mensajes con palabras de otro tema: una queja sobre reembolsos sigue siendo
# una queja; una sugerencia sobre el pago, una sugerencia.
E["complaint"] += """
estoy harto de lo lentos que son sus reembolsos, pongo una queja formal
sus gastos de envío son un abuso, quiero que conste
estoy furiosa con cómo manejaron mi devolución
la forma en que tratan a los clientes con problemas es una vergüenza
me quiero quejar porque al pagar me cobraron comisiones que nadie me dijo
tres pedidos seguidos llegaron tarde, estoy muy enojado
"""
E["suggestion"] += """
sugerencia: muestren la fecha límite de devolución en cada pedido
podrían facilitar las devoluciones con recolección a domicilio
una idea para los pagos: poder guardar más de una tarjeta
estaría bien recibir un aviso cuando emitan un reembolso
mi opinión: la página de historial de pedidos necesita un buscador
deberían poner la app también en catalán
"""
E["review"] += """
el vendedor fue muy amable, dónde lo puedo decir públicamente
quiero dejar buena calificación por el envío rápido
cómo publico una reseña con fotos de la {item}
puedo calificar a un vendedor al que le compré el mes pasado
"""
E["open_dispute"] += """
el vendedor dice que lo envió pero nunca me llegó y no me ayuda, quiero abrir una disputa
devolví el producto hace semanas y el vendedor no me reembolsa, voy a abrir un reclamo
quiero disputar el pedido {order}, el vendedor me ignora
un comprador abrió un reclamo en mi venta, cómo lo impugno
"""
E["check_payment_methods"] += """
aceptan American Express
aceptan Mastercard de débito
aceptan Bizum
"""
E["seller_payout"] += """
qué métodos de cobro hay para vendedores
pueden depositar mis ganancias en otra cuenta bancaria
cuánto tiempo después de la entrega recibe el vendedor su dinero
mi pago como vendedor falló, qué pasó
"""
E["set_up_shipping_address"] += """
el formulario de dirección no acepta mi número interior
mi colonia no aparece en la lista cuando agrego una dirección
no puedo guardar una dirección nueva, el botón está desactivado
"""
E["delivery_options"] += """
hacen envíos a {country}
entregan en el extranjero
llegan los envíos a las islas
tienen envío internacional para esta {item}
"""
E["greeting"] += """
buenas buenas
quiubo
buen día a todos
holis
"""
E["thanks"] += """
gracias!!
muy agradecido
vale, gracias
"""
E["other"] += """
qué distancia hay a la luna
quién es el presidente de Francia
qué nombre le pongo a mi gato
"""
E["payment_issue"] += """
me aparece el mismo cobro dos veces por una sola compra
mi tarjeta muestra un pago duplicado
el pago falló pero el banco sí me descontó el dinero
"""
E["unauthorized_charge"] += """
nunca compré esto pero me cobraron
apareció una compra que no reconozco en mi tarjeta
no autoricé este pago a su tienda
"""
E["membership_question"] += """
qué diferencia hay entre la membresía plata y la oro
qué reciben los miembros platino
"""
E["return_item"] += """
qué tengo que hacer para mandar un producto de vuelta
explíquenme cómo devolver mi pedido
"""
E["check_refund_policy"] += """
qué pasa si me arrepiento después de comprar, hay reembolso
todavía me reembolsan si ya pasó el plazo de devolución
el reembolso está garantizado si el vendedor acepta la devolución
"""
E["get_refund"] += """
ya esperé bastante, reembólsenme ya
quiero que me devuelvan el dinero por las piezas que faltaron
"""
E["cancel_order"] += """
cancélenlo antes de que salga del almacén
quiero cancelar mi pedido, todavía no lo han enviado
"""
E["item_not_received"] += """
el rastreo dice que lo dejaron en la recepción pero no está
confirmaron la entrega pero no tengo ningún paquete
"""
E["contact_customer_service"] += """
tienen correo de soporte
hay un formulario de contacto en su página
"""
E["create_account"] += """
quiero empezar a vender, cómo me registro como vendedor
cómo me hago cliente de su tienda
"""
E["reschedule_delivery"] += """
me pueden entregar otro día, no voy a estar
pueden reprogramar la entrega para la tarde
"""
E["account_locked"] += """
"""

# Preguntas hipotéticas sobre reglas (política), frente a pedir el dinero ya.
E["check_refund_policy"] += """
si el producto sale defectuoso al mes, me devuelven el dinero o solo lo cambian?
en caso de que no me guste, me regresan todo el dinero?
si compro con cupón y lo devuelvo, qué me reembolsan
si pago a meses y devuelvo la compra, cómo es el reembolso
en caso de devolver solo una parte del pedido, me reembolsan el envío?
si el vendedor es particular, también hay reembolso?
los artículos personalizados se pueden reembolsar?
qué productos no tienen derecho a reembolso
me reembolsan en efectivo si pagué en tienda?
hay reembolso para ropa interior o trajes de baño
"""
E["get_refund"] += """
quiero el reembolso ya del pedido {order}, me llegó incompleto
devuélvanme los {amount}, el producto no sirve
"""
E["suggestion"] += """
propuesta: que se pueda pagar con transferencia desde la app
ojalá pusieran un filtro por precio
sería útil que el carrito guardara los productos aunque cierre sesión
les sugiero mejorar las fotos de los anuncios
una recomendación: avisen por whatsapp cuando salga el pedido
deberían tener un programa de puntos
"""
E["complaint"] += """
es la tercera vez que me pasa y nadie se hace responsable
qué falta de seriedad, me prometieron una solución y nada
me parece una falta de respeto cómo me atendieron
no es posible que cobren tanto por el envío y tarden tanto
"""
E["report_listing"] += """
este producto infringe derechos de autor
quiero avisar de una publicación que vende medicamentos
un vendedor publica el mismo artículo mil veces, es spam
el precio del anuncio es un engaño, quiero reportarlo
"""
E["delivery_options"] += """
qué tipos de envío manejan
cuánto cuesta el envío exprés
tienen envío a domicilio o solo a sucursal
puedo elegir la paquetería
"""
E["open_dispute"] += """
necesito que la plataforma resuelva un conflicto con el vendedor
cómo presento una reclamación contra un vendedor
"""
E["greeting"] += """
qué hay
saludos cordiales
"""
E["seller_payout"] += """
vendí varias cosas y no me ha llegado el dinero
"""
E["account_locked"] += """
intenté entrar varias veces y ahora la cuenta está bloqueada
me aparece que mi cuenta fue suspendida temporalmente
"""
E["reschedule_delivery"] += """
se puede reprogramar el envío para otro día
quiero que me lo traigan la otra semana
"""
E["promotion_question"] += """
el descuento no se refleja en mi compra
hasta cuándo dura la promoción
"""
E["contact_customer_service"] += """
a qué número puedo llamar para una duda
"""
E["exchange_item"] += """
quiero cambiar el producto por uno igual pero de otra talla
"""

# Mensajes cortos tipo palabra clave, como se escriben en un chat.
E["track_order"] += """
estado del pedido {order}
dónde está mi paquete??
el rastreo no avanza
"""
E["delivery_period"] += """
tiempo de envío a {country}?
cuántos días tarda la entrega
"""
E["delivery_options"] += """
opciones de envío?
envío exprés disponible?
"""
E["change_order"] += """
modificar mi pedido porfa
agregar producto al pedido {order}
"""
E["change_shipping_address"] += """
dirección equivocada en el pedido
cambiar dirección de entrega {order}
"""
E["set_up_shipping_address"] += """
agregar dirección nueva
guardar dirección en mi cuenta
"""
E["cancel_order"] += """
cancelar pedido {order} porfa
solicitud de cancelación
"""
E["check_cancellation_fee"] = """
cobran por cancelar?
costo de cancelación
"""
E["place_order"] += """
cómo hago una compra
cómo pido la {item}
"""
E["reschedule_delivery"] += """
cambiar día de entrega
nueva entrega {date} por favor
"""
E["item_not_received"] += """
nunca recibí mi pedido
paquete perdido
"""
E["item_damaged"] += """
llegó roto
{item} dañada
"""
E["wrong_item"] += """
producto equivocado
talla equivocada
"""
E["customs_issue"] += """
impuestos de aduana??
paquete detenido en aduana
"""
E["return_item"] += """
solicitud de devolución {order}
etiqueta de devolución porfa
"""
E["exchange_item"] += """
cambio por talla más grande
cambio de color por favor
"""
E["get_refund"] += """
reembolso por favor
necesito reembolso del {order}
"""
E["track_refund"] += """
estado del reembolso?
dónde está mi reembolso
"""
E["check_refund_policy"] += """
política de reembolso?
reglas de reembolso en rebajas
"""
E["payment_issue"] += """
pago rechazado
error al pagar con tarjeta
"""
E["unauthorized_charge"] += """
cargo desconocido en mi tarjeta
cobro que no hice
"""
E["check_payment_methods"] += """
formas de pago?
aceptan transferencia?
"""
E["check_invoice"] += """
factura con importe incorrecto
error en la factura
"""
E["get_invoice"] += """
factura del {order}
necesito mi comprobante porfa
"""
E["promotion_question"] += """
cupón no funciona
hay descuentos?
"""
E["membership_question"] += """
beneficios de la membresía?
precio del plan premium
"""
E["create_account"] += """
crear cuenta
cuenta nueva cómo
"""
E["registration_problems"] += """
no puedo registrarme
error en el registro
"""
E["account_locked"] += """
cuenta bloqueada
cuenta suspendida??
"""
E["security_concern"] += """
me hackearon
alerta de inicio de sesión sospechoso
"""
E["edit_account"] += """
cambiar mi correo
actualizar datos del perfil
"""
E["switch_account"] += """
cambiar de cuenta
entrar con otra cuenta
"""
E["delete_account"] += """
eliminar cuenta
cerrar mi cuenta porfa
"""
E["open_dispute"] += """
abrir disputa {order}
reclamación contra el vendedor
"""
E["report_listing"] += """
reportar anuncio
anuncio de producto falso
"""
E["seller_payout"] += """
estado de mi pago de vendedor
no me llega el pago de mis ventas
"""
E["contact_customer_service"] += """
contacto de soporte?
"""
E["contact_human_agent"] += """
un agente por favor
persona real porfa
"""
E["complaint"] += """
pésimo servicio
muy decepcionado
"""
E["review"] += """
dejar reseña
calificar vendedor
"""
E["suggestion"] += """
idea para la app
pequeña sugerencia
"""
E["newsletter_subscription"] += """
darme de baja de los correos
suscribirme al boletín
"""

# Español de España: formas de vosotros y vocabulario peninsular.
E["track_order"] += """
podéis decirme por dónde va mi pedido {order}
el mensajero todavía no ha pasado, sabéis dónde está el paquete
me decís si ya habéis enviado mi compra
"""
E["delivery_period"] += """
cuánto tardáis en enviar a Canarias
en cuántos días suele llegar lo que pedís por la web
"""
E["delivery_options"] += """
trabajáis con recogida en punto de conveniencia
hacéis envíos urgentes en 24 horas
qué transportistas usáis
"""
E["change_order"] += """
podéis cambiarme la talla del pedido antes de enviarlo
quiero añadir un artículo al pedido, aún no lo habéis mandado
"""
E["change_shipping_address"] += """
os di mal la dirección, podéis cambiarla en el pedido {order}
"""
E["cancel_order"] += """
anuladme el pedido, por favor, ya no lo quiero
podéis cancelar el pedido {order} antes de mandarlo
"""
E["check_cancellation_fee"] += """
me cobráis algo si cancelo el pedido
"""
E["place_order"] += """
cómo hago un pedido en vuestra web
"""
E["reschedule_delivery"] += """
el mensajero puede venir otro día, esta semana no estoy
podéis cambiar el día de entrega a {date}
"""
E["item_not_received"] += """
no me ha llegado nada y ya ha pasado la fecha
el transportista dice que lo entregó y no lo tengo
"""
E["item_damaged"] += """
el móvil ha llegado con la pantalla rota
me ha llegado la {item} estropeada
"""
E["wrong_item"] += """
me habéis mandado otra talla
os habéis equivocado de producto en mi pedido
"""
E["customs_issue"] += """
me piden pagar el despacho de aduanas, eso lo pagáis vosotros?
"""
E["return_item"] += """
cómo os devuelvo el pedido
quiero devolver la {item}, me mandáis la etiqueta?
"""
E["exchange_item"] += """
"""
E["get_refund"] += """
devolvedme el dinero del pedido {order}
quiero que me abonéis lo que pagué
"""
E["track_refund"] += """
me dijisteis que me hacíais el abono y aún no lo veo
cuándo me llega el dinero de la devolución
"""
E["check_refund_policy"] += """
qué plazo tenéis para devolver el dinero
cómo funcionan vuestros abonos
si devuelvo algo de rebajas, me abonáis el importe completo?
"""
E["payment_issue"] += """
no me deja pagar con la tarjeta, me da error
me habéis cobrado dos veces el mismo pedido
"""
E["unauthorized_charge"] += """
me habéis cobrado algo que no he comprado
"""
E["check_payment_methods"] += """
aceptáis Bizum
se puede pagar contra reembolso con vosotros
"""
E["check_invoice"] += """
la factura que me habéis mandado tiene mal el NIF
"""
E["get_invoice"] += """
me podéis enviar la factura del pedido {order}
"""
E["promotion_question"] += """
el código de descuento no me lo aplica, qué pasa
tenéis rebajas ahora
"""
E["membership_question"] += """
qué ventajas tiene hacerse socio
"""
E["create_account"] += """
cómo me hago una cuenta en vuestra web
"""
E["account_locked"] += """
me habéis bloqueado la cuenta, por qué
"""
E["security_concern"] += """
creo que alguien ha entrado en mi cuenta
"""
E["edit_account"] += """
"""
E["delete_account"] += """
borradme la cuenta, por favor
"""
E["contact_customer_service"] += """
"""
E["contact_human_agent"] += """
pasadme con una persona, por favor
"""
E["complaint"] += """
estoy muy descontento con vuestro servicio
vaya desastre de atención, os pongo una reclamación
"""
E["review"] += """
dónde puedo valorar al vendedor
"""
E["suggestion"] += """
deberíais poner más filtros en la web
"""
E["newsletter_subscription"] += """
dejad de enviarme publicidad por correo
"""
E["thanks"] += """
vale, muchas gracias
gracias, sois muy amables
"""
E["greeting"] += """
hola, buenas tardes, qué tal
"""

# Última ronda: más países, cupones caducados, ultimátums, anuncios que
# incumplen normas, sugerencias en forma de deseo, trámites de devolución.
E["delivery_options"] += """
envían a {pais}?
hacen entregas en {pais}
llegan sus envíos hasta {pais}
tienen envío a {pais} o solo nacional
"""
E["delivery_period"] += """
"""
E["return_item"] += """
qué trámite hay que hacer para devolver un artículo
cuáles son los pasos para una devolución
cómo solicito la devolución de un producto que no quiero
"""
E["promotion_question"] += """
el cupón aparece como caducado
me dice código incorrecto al aplicar el descuento
el código de bienvenida no me funciona
"""
E["get_refund"] += """
"""
E["report_listing"] += """
quiero denunciar un artículo que viola sus políticas
cómo aviso de un producto prohibido en la tienda
"""
E["suggestion"] += """
ojalá hubiera una forma de pagar entre varios amigos
estaría bien que las devoluciones se pudieran programar desde la app
les pido que consideren abrir una tienda física
"""
E["greeting"] += """
qué pasa, buenas
ey hola
"""
E["thanks"] += """
gracias de verdad
gracias por la info
"""
E["security_concern"] += """
alguien cambió mi dirección de correo sin permiso
"""
E["seller_payout"] += """
a qué cuenta me depositan lo que vendo
"""
E["place_order"] += """
"""

# Preguntas de cultura general que no son de la tienda, sugerencias de
# funciones nuevas y dudas sobre el contenido de una factura.
E["other"] += """
cuál es el río más largo del mundo
cuál es la montaña más alta de América
cuántos habitantes tiene Japón
cuál es la raíz cuadrada de 81
en qué año llegó el hombre a la luna
"""
E["suggestion"] += """
estaría bien una función para comparar productos
falta una opción para guardar búsquedas, deberían añadirla
propongo una funcionalidad para dividir el pedido en varios envíos
sugiero que el proceso de compra sea más corto
"""
E["check_invoice"] += """
no entiendo un concepto que aparece en mi factura
la factura trae un descuento mal aplicado
el precio unitario de la factura no es el que pagué
"""
E["greeting"] += """
hola, qué tal todo
"""
E["thanks"] += """
gracias, todo resuelto
listo, gracias por ayudarme
"""

# Otra tanda de variedad para español (sugerencias, devoluciones, quejas,
# disputas, saludos, cambio de cuenta, modificar pedidos).
E["suggestion"] += """
no sé si lo han pensado, pero un chat en vivo dentro de la app vendría bien
a la web le falta un modo para daltónicos
se agradecería que los envíos gratis empezaran desde menos importe
mi propuesta es que dejen reservar productos agotados
podrían mandar recordatorios cuando algo del carrito baje de precio
para la próxima versión de la app: que se pueda escanear el código de barras
"""
E["return_item"] += """
me arrepentí de la compra y la quiero regresar
hoy llevo el paquete de devolución a la oficina de correos, qué pongo en la caja
la {item} no es como en las fotos, la voy a devolver
necesito regresar dos artículos del pedido {order}
cómo empaqueto el producto para devolverlo
"""
E["complaint"] += """
me han tenido dando vueltas de un departamento a otro, qué vergüenza
exijo que alguien se haga cargo, el trato ha sido lamentable
no es la primera vez que me mandan las cosas mal y ya me cansé de su tienda
voy a dejar de comprarles, el servicio es fatal
"""
E["open_dispute"] += """
el vendedor me bloqueó después de pagar, quiero que la plataforma actúe
llevo días intentando arreglarlo con el vendedor sin éxito, abran una disputa
el artículo no corresponde a la descripción y el vendedor se niega a aceptarlo, quiero reclamar
cómo pido que medien entre el vendedor y yo
"""
E["greeting"] += """
buenas, cómo va
holaaa buenas tardes
muy buenas
hola, feliz día
"""
E["switch_account"] += """
estoy en la cuenta de mi esposo, cómo entro a la mía
quiero salir de esta cuenta y entrar con la de mi negocio
se me abrió la cuenta equivocada, cómo cambio
"""
E["change_order"] += """
al final quiero dos unidades en vez de una, el pedido sigue pendiente
cambien el modelo que pedí por el de al lado, aún no lo han enviado
puedo sustituir la {item} por otra referencia antes del envío
"""
E["check_refund_policy"] += """
cuál es el plazo para reembolsar una compra con tarjeta
qué cubre la garantía de devolución del dinero
el reembolso incluye la comisión de pago
"""
E["thanks"] += """
gracias por la paciencia
ya quedó, gracias
"""
E["seller_payout"] += """
el saldo de mis ventas sigue pendiente desde hace una semana
cuánto cobran de comisión antes de pagarme como vendedor
"""
E["set_up_shipping_address"] += """
cómo añado la dirección de mi oficina a mi libreta de direcciones
quiero registrar una dirección en otra ciudad para futuros envíos
"""
E["security_concern"] += """
recibí un aviso de inicio de sesión desde un celular que no es mío
creo que alguien sabe mi contraseña
"""
E["report_listing"] += """
quiero denunciar a un vendedor que pide pagos fuera de la plataforma
esta publicación tiene fotos de otra tienda
"""
E["reschedule_delivery"] += """
prefiero recibir el paquete el fin de semana, se puede
se puede programar la entrega para la mañana
"""
E["payment_issue"] += """
la tarjeta me la rechaza aunque tiene fondos
el pago quedó pendiente y no avanza
"""
E["membership_question"] += """
qué incluye ser socio premium aparte del envío
la membresía tiene permanencia mínima
"""
E["get_refund"] += """
solicito que me reembolsen el pedido {order} completo
quiero que me regresen lo que pagué por el envío
"""
E["exchange_item"] += """
me gustaría cambiar el color de la {item} que recibí
"""
E["account_locked"] += """
mi cuenta sigue bloqueada aunque ya mandé mis documentos
"""
E["wrong_item"] += """
me llegó un artículo de otra marca
"""
E["promotion_question"] += """
el descuento por volumen se aplica solo
"""

# Español: más variedad en cambios de cuenta, facturas, pagos y entregas.
E["switch_account"] += """
cómo alterno entre mis cuentas en la app
tengo dos perfiles y quiero usar el otro
"""
E["check_invoice"] += """
la factura trae un IVA que no corresponde
me facturaron un envío que no pagué
"""
E["delivery_period"] += """
cuánto se demora el envío normal
para qué fecha más o menos me llegaría
"""
E["item_not_received"] += """
pasaron las fechas de entrega y el paquete no apareció
el vendedor dice que lo envió pero yo no he recibido nada
"""
E["wrong_item"] += """
abrí el paquete y no era mi pedido
"""
E["contact_human_agent"] += """
con quién hablo que no sea un robot
"""
E["cancel_order"] += """
quiero anular la compra que hice por error
"""
E["account_locked"] += """
no puedo acceder, me dice que mi cuenta está inhabilitada
"""
E["other"] += """
cuántos días tiene un año bisiesto
"""
E["membership_question"] += """
los socios tienen acceso anticipado a las rebajas
"""
E["promotion_question"] += """
cuándo vuelve a haber cupones de envío gratis
"""

# Saludos y agradecimientos coloquiales o abreviados.
E["greeting"] += """
quihubo, buenas
épale, hola
wenas
hola, cómo andan
buenas, qué tal el día
"""
E["thanks"] += """
graciass
grcs
gracias x todo
mil gracias de verdad
"""

# Escenarios nuevos, uno o dos por intención, con vocabulario variado.
E["track_order"] += """
hace cinco días que compré y el estado sigue en preparando envío
la guía dice que está en el centro de distribución, cuándo sale a reparto
"""
E["delivery_options"] += """
tienen envío con seguro para artículos caros
se puede pedir que lo entreguen en horario de oficina
"""
E["change_shipping_address"] += """
quiero que el paquete {order} llegue a mi nuevo domicilio
en el pedido puse la calle mal escrita, corríjanla por favor
"""
E["set_up_shipping_address"] += """
dónde configuro la dirección que sale por defecto al pagar
"""
E["cancel_order"] += """
ya no me hace falta, anulen la orden {order}
"""
E["change_order"] += """
quiero cambiar la variante de la {item} de mi pedido, no ha salido
todavía está en preparación, pueden poner la talla {size} en lugar de la que pedí
"""
E["place_order"] += """
cómo compro varias unidades del mismo producto
me ayudan a terminar un pedido desde el celular
"""
E["reschedule_delivery"] += """
el lunes no hay nadie en casa, pueden traerlo el martes
quiero mover la entrega a la semana que viene
"""
E["item_not_received"] += """
el repartidor dice que lo dejó con un vecino pero nadie lo tiene
compré hace un mes y sigo sin nada
"""
E["item_damaged"] += """
la {item} trae una mancha y una rotura desde la caja
el aparato no enciende, venía golpeado
"""
E["wrong_item"] += """
me mandaron un tamaño diferente al que elegí
el color no es el que marqué al comprar
"""
E["return_item"] += """
ya no la quiero, cómo hago la devolución de la {item}
puedo devolver en una tienda física lo que compré en línea
"""
E["exchange_item"] += """
la {item} no me queda, la cambio por la siguiente talla
me pueden reponer la pieza por otra nueva igual
"""
E["get_refund"] += """
devuelvan el importe a mi cuenta, cancelé a tiempo
"""
E["track_refund"] += """
me dijeron que el reembolso tardaba cinco días y ya van diez
ya procesaron mi reembolso? no veo nada en el banco
"""
E["check_refund_policy"] += """
me explican las condiciones para que devuelvan el dinero
"""
E["payment_issue"] += """
el banco autorizó el pago pero su página marca error
intenté pagar con débito y no pasa
"""
E["unauthorized_charge"] += """
me llegó un cargo de su tienda y no tengo ningún pedido
"""
E["check_payment_methods"] += """
aceptan pagos con tarjeta de crédito extranjera
"""
E["promotion_question"] += """
el precio con descuento no aparece al pagar
"""
E["create_account"] += """
cómo me doy de alta para comprar más rápido
"""
E["registration_problems"] += """
al crear la cuenta me dice que la contraseña no es válida aunque cumple todo
"""
E["security_concern"] += """
vi un pedido que yo no hice en mi historial, alguien usa mi cuenta
"""
E["edit_account"] += """
necesito poner mi segundo apellido en el perfil
"""
E["delete_account"] += """
"""
E["open_dispute"] += """
pagué y el vendedor desapareció, quiero abrir un caso con ustedes
"""
E["complaint"] += """
llevo tres llamadas y nadie me da una respuesta clara
"""
E["review"] += """
quiero opinar sobre la calidad del producto que recibí
"""
E["contact_customer_service"] += """
cuál es el correo para reclamaciones de pedidos
"""
E["newsletter_subscription"] += """
cómo elijo qué correos de ofertas me llegan
"""
