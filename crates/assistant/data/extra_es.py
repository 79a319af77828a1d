# Extra Spanish training templates (Mexico and Spain), written by hand for
# marketdesk, aimed at the intents the first training set confused.
E = {}
E["cancel_order"] = """
quiero cancelar mi pedido {order}
cancelen el pedido por favor, ya no lo quiero
cómo cancelo un pedido que todavía no se envió
hice el pedido por error, anúlenlo
¿todavía puedo cancelar el pedido {order}?
cancela mi compra porfa
ya no necesito la {item}, cancelen la orden
pedí dos veces lo mismo, cancelen uno, el {order}
dónde está el botón para cancelar el pedido
me arrepentí, quiero anular la compra
cancelar pedido {order}
el vendedor no lo ha enviado en una semana, quiero cancelar
quiero cancelar la orden y que me devuelvan el dinero a la tarjeta
no quiero modificarlo, quiero cancelarlo entero
buenas, necesito cancelar un pedido que hice hace una hora
se puede cancelar un pedido que está en preparación?
anulen mi pedido {order} antes de que lo manden
"""
E["change_order"] = """
quiero cambiar la talla de mi pedido {order} a {size}, todavía no se ha enviado
puedo cambiar el color del pedido a {color} antes de que lo manden
me equivoqué de talla al pedir, ¿me la pueden cambiar a {size}?
quiero añadir otra {item} a mi pedido
quiten la {item} de mi pedido {order} porfa
cambien la cantidad de mi pedido a 2 unidades
se puede modificar un pedido ya pagado?
quiero editar mi pedido, aún no sale
en vez de {color} quiero la {item} en {color}, el pedido es {order}
agreguen un artículo más a la orden {order} para que llegue junto
necesito cambiar un producto de mi pedido antes del envío
puedo modificar la orden que hice hoy en la mañana
pedí 3 y solo quiero 1, cambien la cantidad
me gustaría cambiar el modelo que pedí, todavía está en preparación
modificar pedido {order}: talla {size} en lugar de la que puse
oigan, ¿puedo cambiar mi orden? elegí mal el color
quiero cambiar los artículos de mi pedido
cambiar talla del pedido porfa, no lo han mandado
"""
E["change_shipping_address"] = """
necesito cambiar la dirección de entrega del pedido {order}
puse mal la dirección, ¿la pueden corregir antes del envío?
me mudé, manden el pedido {order} a mi nueva dirección
quiero cambiar la dirección de envío de mi pedido
me equivoqué en el código postal del pedido {order}
¿se puede cambiar la dirección después de hacer el pedido?
envíen el paquete a mi trabajo en lugar de a mi casa
falta el número de piso en la dirección del pedido
cambiar domicilio de entrega del pedido {order}
el pedido va a mi dirección antigua, cámbienla por favor
mándenlo a casa de mi madre, pedido {order}
puse la colonia mal en la dirección, ¿se puede arreglar?
la dirección del pedido está mal, calle Mayor 12 3ºB es la buena
¿puedo redirigir el paquete a otra dirección?
"""
E["check_payment_methods"] = """
qué formas de pago aceptan
¿puedo pagar con PayPal?
aceptan tarjeta de débito
se puede pagar contra reembolso
¿puedo pagar en efectivo en OXXO?
aceptan Bizum
¿puedo pagar a meses sin intereses?
qué tarjetas aceptan
se puede pagar por transferencia bancaria
aceptan American Express
¿puedo pagar con tarjeta regalo?
¿tienen pago a plazos?
puedo pagar con Mercado Pago
cuáles son los métodos de pago
¿se puede pagar con Apple Pay o Google Pay?
puedo dividir el pago entre dos tarjetas
aceptan vales de despensa
¿puedo pagar al recibir el paquete?
"""
E["check_refund_policy"] = """
¿cuál es su política de reembolsos?
¿cuántos días tengo para pedir un reembolso?
¿me devuelven también los gastos de envío?
la devolución es gratis o la tengo que pagar yo
¿se reembolsan los artículos en rebajas?
cuál es el plazo de devolución
¿el reembolso se hace a la tarjeta o en saldo de la tienda?
¿los productos de venta final tienen reembolso?
qué pasa si me arrepiento de la compra, hay reembolso?
¿puedo devolver algo sin etiqueta y que me reembolsen?
¿cobran alguna comisión por devolución?
hasta cuándo puedo pedir el reembolso
cuáles son las condiciones para el reembolso
¿los vendedores de la plataforma están obligados a aceptar devoluciones?
si devuelvo el artículo me regresan el precio completo?
hacen reembolsos o solo cambios?
¿se puede pedir reembolso después de 30 días?
¿dónde puedo leer la política de devoluciones y reembolsos?
los trajes de baño tienen reembolso?
son 14 o 30 días para devolver
el reembolso incluye el costo del envío original?
"""
E["complaint"] = """
quiero poner una queja
su servicio es pésimo
estoy muy molesto con la atención que he recibido
quiero presentar una reclamación formal
el repartidor fue muy grosero conmigo
llevo cinco días sin respuesta, esto es una vergüenza
es la peor experiencia de compra que he tenido
su atención al cliente no sirve para nada
me cierran el caso sin resolverlo, estoy harto
quiero quejarme del trato del vendedor
cada pedido que hago tiene un problema, estoy harta
me han pasado de un agente a otro durante días, es indignante
quiero dejar constancia de mi queja sobre el servicio
no vuelvo a comprar aquí, qué mala atención
el mensajero tiró el paquete por encima de la valla, quiero quejarme
"""
E["contact_customer_service"] = """
cómo me pongo en contacto con ustedes
cuál es el teléfono de atención al cliente
tienen un correo de soporte
en qué horario atiende servicio al cliente
¿tienen WhatsApp para contactarlos?
dónde encuentro los datos de contacto
¿puedo llamar a soporte?
atienden los domingos
cómo contacto con el servicio de atención al cliente
dónde está el centro de ayuda
cuál es la forma más rápida de contactarlos
"""
E["contact_human_agent"] = """
quiero hablar con una persona
pásame con un agente por favor
no quiero hablar con un bot
necesito hablar con alguien de verdad
me comunicas con un asesor humano
quiero hablar con un encargado
el bot no me entiende, pásenme con una persona
hay alguien real que me pueda atender
pasame con un humano
operador por favor
"""
E["create_account"] = """
cómo me creo una cuenta
quiero registrarme
cómo me doy de alta en la app
quiero abrir una cuenta para vender
puedo registrarme con mi correo {email}
¿necesito una cuenta para comprar?
dónde está la opción para registrarse
crear cuenta nueva
puedo abrir una cuenta con Google
es gratis hacerse una cuenta
quiero una cuenta de vendedor, cómo la creo
"""
E["customs_issue"] = """
mi paquete está retenido en aduanas
la aduana me pide pagar {amount} de impuestos por el pedido {order}
el seguimiento dice retenido en aduana desde hace una semana
¿tengo que pagar aranceles por este pedido?
quién paga los impuestos de importación para envíos a {country}
aduanas me pide la factura para liberar el paquete
por qué mi paquete sigue en despacho de aduanas
me llegó un cargo de IVA de importación de {carrier}
no me entregan el paquete hasta que pague la aduana
la aduana devolvió mi paquete al remitente
me piden mi RFC para la aduana
¿voy a tener que pagar impuestos en aduana?
mi pedido {order} lleva días en aduanas
"""
E["delete_account"] = """
quiero borrar mi cuenta
eliminen mi cuenta y mis datos por favor
cómo doy de baja mi cuenta definitivamente
ya no uso la app, cierren mi cuenta
quiero eliminar mi cuenta de vendedor
"""
E["delivery_options"] = """
qué opciones de envío tienen
¿tienen envío exprés?
puedo recoger el pedido en tienda
¿tienen puntos de recogida o lockers?
con qué paqueterías trabajan
¿hacen envíos a {country}?
a partir de cuánto es el envío gratis
cuánto cuesta el envío urgente
¿puedo elegir {carrier} para el envío?
tienen entrega el mismo día
qué métodos de envío hay al pagar
¿envían a apartados postales?
hacen envíos internacionales
puedo recoger el paquete en una oficina de Correos
hay una opción de envío más barata
entregan los sábados
cuánto cuesta el envío a {country}
tienen click and collect
puedo recoger en un punto Pack
¿qué tipos de envío ofrecen para muebles grandes?
cuánto cuestan los gastos de envío estándar y exprés
hacen envíos a domicilio o solo a sucursal
"""
E["delivery_period"] = """
cuánto tarda el envío
si pido hoy cuándo llega
cuántos días tarda el envío normal
cuánto tarda en llegar a {country}
¿me llega antes de {date} si lo pido ahora?
cuál es el tiempo estimado de entrega
cuánto tarda el envío exprés
en cuántos días hábiles llega
cuánto se tardan en mandar los vendedores
en cuánto tiempo me llega la {item}
¿llega antes de Navidad si compro hoy?
cuánto tardan los envíos internacionales
más o menos cuándo me llegaría
¿el envío tarda una semana o menos?
cuánto tardará en llegar mi pedido {order}
qué tan rápido es el envío
plazo de entrega para {country}?
"""
E["exchange_item"] = """
¿puedo cambiar la {item} que me llegó por otra talla?
la {item} me queda chica, quiero cambiarla por {size}
quiero cambiar mi {item} por una {color}
prefiero un cambio y no un reembolso
cómo hago un cambio de un producto que ya recibí
me llegó ayer la {item}, ¿la puedo cambiar por una talla más grande?
quiero cambiar los tenis por medio número más
cambio por favor, la misma {item} en {size}
¿hacen cambios de talla?
mándenme la {size} y les devuelvo esta
recibí mi pedido pero necesito otra talla, ¿se puede cambiar?
quiero cambiar la {item} del pedido {order} por otro color
el color en persona es distinto, quiero cambiarlo por {color}
¿cómo funcionan los cambios?
"""
E["get_invoice"] = """
me pueden enviar la factura del pedido {order}
necesito factura para mi empresa
mándenme la factura a {email}
necesito un recibo del pedido {order}
cómo descargo la factura
quiero factura con mi RFC
necesito factura con IVA desglosado
emitan la factura a nombre de mi empresa por favor
necesito la factura en PDF
¿me pueden mandar el ticket de compra?
solicito factura del pedido {order}
cómo pido la factura de mi compra
necesito la factura para justificar gastos
facturación de mi pedido porfa
"""
E["open_dispute"] = """
quiero abrir una disputa por el pedido {order}
el vendedor no me contesta, ¿cómo abro un caso?
quiero presentar una reclamación contra el vendedor
el vendedor no quiere reembolsarme, quiero que intervenga la plataforma
abrir disputa
el artículo no es como se describía y el vendedor no responde, abro un caso
el vendedor dice que lo envió pero nunca llegó y me ignora, quiero abrir una disputa
abran un caso para {order}, el vendedor no colabora
quiero escalar esto, el vendedor no me ayuda
el comprador abrió una disputa contra mí, ¿qué hago?
necesito que revisen mi caso con el vendedor
¿cómo abro una reclamación por un producto?
"""
E["other"] = """
qué tiempo hace hoy
cuéntame un chiste
quién ganó el partido
cómo se hace una tortilla de patatas
jajaja
ok
prueba
eres una persona?
recomiéndame una serie
qué hora es en Madrid
me aburro
cuánto es 5 por 7
hmm
asdf
¿qué opinas del fútbol?
me duele la cabeza
qué hago de cenar hoy
necesito ayuda con la tarea
qué es el amor
dónde puedo comer tacos cerca
te quiero
"""
E["payment_issue"] = """
me rechazan la tarjeta al pagar
el pago falla pero tengo saldo
no puedo completar el pago, sale un error
me cobraron dos veces el pedido {order}
pagué pero el pedido sigue como pendiente de pago
PayPal no me deja pagar
la página se queda cargando al pagar
el pago del pedido {order} no pasó
no funciona el pago con Apple Pay
dice transacción rechazada, ¿qué pasa?
pagué {amount} y me cancelaron el pedido por falta de pago
no me llega el código de verificación del banco para pagar
me descontaron el dinero pero no se creó el pedido
el pago se queda en procesando
me cobraron {amount} dos veces
no puedo pagar con mi tarjeta Visa
"""
E["promotion_question"] = """
mi código de descuento no funciona
tienen algún cupón para nuevos clientes
cómo aplico un cupón al pagar
no se aplicó el precio de oferta a mi pedido {order}
puedo usar el cupón en productos rebajados
hay alguna promoción ahora
el código dice que está caducado
cuándo empieza el Buen Fin
cuándo empiezan las rebajas
se me olvidó poner el código de descuento, lo pueden aplicar al pedido {order}
hay código de envío gratis
no me sale el 20% de descuento en el carrito
puedo usar dos cupones a la vez
tienen descuento para estudiantes
sigue vigente la promo de 2x1
dónde pongo el cupón
no me aplicaron el descuento de bienvenida
el cupón desapareció al pagar
"""
E["report_listing"] = """
quiero denunciar este anuncio, es falso
este vendedor vende productos falsificados
cómo reporto una publicación
este anuncio es una estafa
el anuncio usa fotos robadas
están vendiendo réplicas, quiero reportarlo
este artículo está prohibido, retírenlo
la publicación es engañosa
"""
E["review"] = """
cómo dejo una reseña al vendedor
quiero calificar mi pedido
dónde escribo una opinión del producto
puedo editar mi reseña
quiero ponerle 5 estrellas a la {item}
mi reseña no aparece
¿cómo subo fotos a mi reseña?
puedo valorar al comprador
dejé una valoración por error, ¿la puedo borrar?
quiero opinar sobre la {item} que compré
por qué no puedo calificar a este vendedor
dónde dejo mi valoración
"""
E["security_concern"] = """
creo que hackearon mi cuenta
hay un inicio de sesión desde un dispositivo que no conozco
me llegó un correo de cambio de contraseña que no pedí
alguien hizo pedidos con mi cuenta
me llegó un mensaje falso haciéndose pasar por ustedes
cómo activo la verificación en dos pasos
este correo es de ustedes? me pide los datos de la tarjeta
alguien cambió el correo de mi cuenta
cómo cierro sesión en todos los dispositivos
me llegó un SMS con un código que no pedí
"""
E["suggestion"] = """
sugerencia: agreguen una guía de tallas en cada producto
estaría bien que hubiera lista de deseos
deberían permitir pagar a meses
estaría padre poder filtrar por marca
podrían poner modo oscuro en la app
les sugiero mostrar la fecha de entrega antes de pagar
una idea: que los vendedores puedan hacer paquetes
sería útil poder guardar búsquedas
deberían ofrecer envolver para regalo
mi sugerencia es mejorar el buscador
estaría genial que avisaran cuando vuelva a haber stock
propongo que las devoluciones sean gratis
han pensado en poner un programa de puntos?
les dejo una idea para mejorar la app: alertas de precio
"""
E["switch_account"] = """
cómo cambio a mi otra cuenta
estoy en la cuenta de mi pareja, cómo paso a la mía
cambiar de cuenta de comprador a vendedor
puedo tener dos cuentas abiertas a la vez
quiero usar otra cuenta
cómo cambio de perfil en la app
"""
E["track_order"] = """
dónde está mi pedido {order}
mi paquete no se mueve desde hace días
me pueden rastrear el pedido {order}
el seguimiento {track} dice en tránsito desde la semana pasada
ya enviaron mi pedido?
cómo va mi pedido
cuál es el número de guía del pedido {order}
el pedido {order} sigue en preparación, qué pasa
"""
E["track_refund"] = """
dónde está mi reembolso del pedido {order}
todavía no me llega el reembolso
ya pasaron dos semanas y nada del reembolso
me dijeron que el reembolso estaba aprobado, ¿cuándo lo veo?
cuándo me cae el dinero del reembolso
estado del reembolso de {order}
no me ha llegado el reembolso de {amount}
el vendedor dice que me reembolsó pero no veo el dinero
ya procesaron mi reembolso?
devolví la {item} hace semanas y no me han regresado el dinero
cuánto tarda en verse el reembolso en la tarjeta
el reembolso me lo hicieron a PayPal o a la tarjeta?
"""
E["wrong_item"] = """
me llegó un artículo equivocado
me mandaron otro producto distinto al que pedí
pedí {color} y me llegó {color}
en el paquete venía otra {item}
esto no es mi pedido, son cosas de otra persona
me llegó otra talla, yo pedí {size}
me enviaron lo que no era en el pedido {order}
lo que recibí no es lo del anuncio
me llegó otro modelo
no está roto, simplemente no es lo que pedí
recibí una {item} en lugar de lo que compré
se equivocaron de color en mi pedido
"""
E["item_damaged"] = """
la {item} llegó rota
llegó dañado
la caja venía aplastada y la {item} está rajada
la {item} trae una mancha y un agujero
"""
E["get_refund"] = """
quiero que me devuelvan el dinero del pedido {order}
reembólsenme la {item} por favor
necesito el reembolso del pedido {order}
quiero el reembolso completo de {amount}
"""
E["return_item"] = """
quiero devolver la {item}
cómo devuelvo el pedido {order}
necesito una etiqueta de devolución
"""
E["membership_question"] = """
qué ventajas tiene ser socio
cuántos puntos tengo
cuándo caducan mis puntos
cómo me hago miembro premium
el envío gratis está incluido en la membresía?
cómo cancelo la membresía
"""
E["seller_payout"] = """
cuándo me pagan mis ventas
no me ha llegado el pago de mis ventas
cómo retiro el dinero de mis ventas a mi cuenta
"""
E["greeting"] = """
hola
buenas
qué tal
buenos días
"""
E["thanks"] = """
gracias
muchas gracias
mil gracias
"""
E["edit_account"] = """
cómo cambio mi nombre en el perfil
quiero actualizar mi número de teléfono
"""
E["set_up_shipping_address"] = """
cómo agrego una dirección nueva a mi cuenta
dónde guardo mi dirección
"""
E["check_cancellation_fee"] = """
cobran algo por cancelar un pedido
hay penalización por cancelar
"""
