# More training templates, written for marketdesk to widen vocabulary:
# other framings, longer messages with context, regional words.
T2 = {}
def add(intent, en, zh, es):
    T2[intent] = {"en": en, "zh": zh, "es": es}

add("track_order", """
ordered {item} on monday, no shipping confirmation so far, is it on its way?
what stage is my order at
can you give me an update on order {order}, the tracking hasn't moved
is order {order} packed or shipped already
tracking says in transit for 4 days, where is it now
has my parcel been dispatched
""", """
我上周一买的{item}，到现在也没发货通知，发出来没
帮我看看订单{order}现在在哪个环节
物流三四天没动了，包裹现在在哪
订单{order}打包了吗还是已经发了
我的货发出来了吗
显示运输中好几天了，到哪了
""", """
pedí {item} el lunes y no me ha llegado confirmación de envío, ¿ya va en camino?
¿en qué fase está mi pedido?
¿me dan una actualización del pedido {order}? el rastreo no se mueve
¿el pedido {order} ya está empaquetado o enviado?
lleva 4 días en tránsito, ¿dónde está ahora?
¿ya despacharon mi paquete?
""")
add("delivery_period", """
how quickly do you deliver to {country}
how fast is delivery usually
if I buy now will I get it by {date}
what's the estimated arrival for orders placed today
normally how many days between ordering and receiving
I need it within a week, is that possible with normal shipping
""", """
寄{country}一般多快能到
你们送货一般多快
现在买{date}能收到吗
今天下单预计哪天到
正常从下单到收货要几天
一周之内要用，普通快递来得及吗
""", """
¿qué tan rápido entregan en {country}?
¿cuánto suelen tardar en entregar?
si compro ahora, ¿me llega para {date}?
¿cuál es la fecha estimada de llegada si pido hoy?
normalmente ¿cuántos días pasan desde que pido hasta que recibo?
lo necesito en menos de una semana, ¿llega con el envío normal?
""")
add("delivery_options", """
what does express shipping cost
can I collect from a parcel shop near me
is there a minimum order for free delivery
do you deliver to {country} and how much
how much is postage for small items
can I get it delivered on a saturday
""", """
加急快递要多少钱
能不能寄到附近的驿站自己取
满多少免运费
寄{country}吗，运费多少
小件的邮费多少
周六能配送吗
""", """
¿cuánto cuesta el envío urgente?
¿puedo recogerlo en un punto cercano?
¿cuál es el pedido mínimo para envío gratuito?
¿envían a {country} y cuánto cuesta?
¿cuánto es el porte para artículos pequeños?
¿pueden entregarlo en sábado?
""")
add("change_order", """
can I change the colour on the order I placed this morning
I picked {size} by mistake, please make it {size} before it's sent
add one more {item} to order {order}
take the {item} out of my order please
I want to change the model I ordered
can you update the quantity of my order {order} to 3
""", """
早上下的单能改颜色吗
尺码选错了，发货前帮我改成{size}
订单{order}再加一个{item}
把{item}从订单里去掉
我想换一下下单的型号
订单{order}数量改成3个
""", """
¿puedo cambiar el color del pedido que hice esta mañana?
elegí {size} por error, cámbienmelo antes de enviar
añadan otra {item} al pedido {order}
saquen la {item} de mi pedido por favor
quiero cambiar el modelo que pedí
¿pueden cambiar la cantidad del pedido {order} a 3?
""")
add("change_shipping_address", """
the address on order {order} is my old one, please change it
I need to fix the postcode on my delivery
deliver to my neighbour's address instead
I forgot to add the flat number to the address
can you send it to a different city, I'm traveling
update the delivery address on my last order
""", """
订单{order}上的地址是旧地址，帮我改一下
收货地址的邮编要改
改寄到我邻居家
地址忘写楼层和门牌号了
我出差了，能寄到别的城市吗
上一单的收货地址要改
""", """
la dirección del pedido {order} es la vieja, cámbienla
tengo que corregir el código postal de la entrega
mándenlo a la dirección de mi vecina
se me olvidó poner el piso y la puerta en la dirección
estoy de viaje, ¿lo pueden mandar a otra ciudad?
cambien la dirección de entrega de mi último pedido
""")
add("set_up_shipping_address", """
how do I add an address to my account for next time
I want to add my work address to my saved addresses
how do I make an address the default one
can I save a pickup locker as an address
my address book is empty, how do I add one
where do I enter my address before ordering
""", """
怎么在账户里加个地址下次用
我想把单位地址加到常用地址里
怎么把一个地址设成默认
能把快递柜存成收货地址吗
地址簿是空的，怎么添加
下单前在哪填地址
""", """
¿cómo añado una dirección a mi cuenta para la próxima vez?
quiero agregar la dirección del trabajo a mis direcciones guardadas
¿cómo dejo una dirección como predeterminada?
¿puedo guardar un locker como dirección?
mi libreta de direcciones está vacía, ¿cómo agrego una?
¿dónde pongo mi dirección antes de pedir?
""")
add("cancel_order", """
I ordered the same thing twice, cancel the second one
please cancel {order} before it goes out
I no longer need the {item}, cancel the order
how can I cancel something I bought an hour ago
cancel everything in my last order
can I cancel it myself in the app
""", """
同一个东西下了两次，取消第二单
{order}发货前帮我取消
{item}不需要了，订单取消吧
一小时前买的怎么取消
上一单全部取消
能在app里自己取消吗
""", """
pedí lo mismo dos veces, cancelen el segundo
cancelen el {order} antes de que salga
ya no necesito la {item}, cancelen el pedido
¿cómo cancelo algo que compré hace una hora?
cancelen todo mi último pedido
¿lo puedo cancelar yo en la app?
""")
add("check_cancellation_fee", """
what's the charge if I cancel after it's shipped
do you keep any money when an order is cancelled
is there a cancellation penalty on {order}
cancelling within 24 hours is free right
how much will I lose if I cancel now
will I get back the full {amount} if I cancel
""", """
发货后取消收多少钱
取消订单你们会扣钱吗
{order}取消有罚金吗
24小时内取消不收钱吧
现在取消要损失多少
取消的话{amount}能全退吗
""", """
¿cuánto cobran si cancelo después del envío?
¿se quedan con algo de dinero si cancelo?
¿hay penalización por cancelar el {order}?
cancelar en las primeras 24 horas es gratis, ¿no?
¿cuánto pierdo si cancelo ahora?
¿me devuelven los {amount} completos si cancelo?
""")
add("place_order", """
I'd like to buy two of the {item}, how do I do that
first time shopping here, how does buying work
can I order through this chat
I want to purchase a gift card
how do I add something to my cart and pay
can your team take my order over the phone
""", """
想买两个{item}，怎么弄
第一次在这买东西，怎么下单
能在聊天里直接下单吗
我想买礼品卡
怎么加购物车然后付款
能让客服帮我电话下单吗
""", """
quiero comprar dos {item}, ¿cómo lo hago?
primera vez que compro aquí, ¿cómo funciona?
¿puedo hacer el pedido por este chat?
quiero comprar una tarjeta regalo
¿cómo agrego algo al carrito y pago?
¿me pueden tomar el pedido por teléfono?
""")
add("reschedule_delivery", """
I'm on holiday next week, can you hold the delivery until I'm back
got a missed delivery notice, please try again {date}
can the driver come in the afternoon instead
book a redelivery for my parcel
delivery failed, I'd like it brought {date}
I need to push back the delivery date for {order}
""", """
下周我去旅游，能等我回来再送吗
收到派送失败通知，{date}再送一次
能让快递员下午来吗
帮我预约再次派送
派送失败了，{date}再送
{order}的送货日期要往后推
""", """
la semana que viene estoy de vacaciones, ¿pueden retener la entrega hasta que vuelva?
me dejaron aviso de entrega fallida, inténtenlo otra vez {date}
¿puede venir el repartidor por la tarde?
quiero programar una nueva entrega
la entrega falló, que me lo traigan {date}
necesito aplazar la fecha de entrega del {order}
""")
add("item_not_received", """
it says it was left at the door but there's nothing here
{carrier} marked it delivered and I never got anything
the parcel went missing, order {order}
I was home all day and nobody delivered it
I paid weeks ago and never received the {item}
the locker was empty even though it says delivered
""", """
说放门口了，可门口什么都没有
{carrier}显示已妥投，我什么都没收到
包裹不见了，订单{order}
我一整天在家，根本没人来送
几周前付的钱，{item}一直没收到
显示放柜子里了，柜子是空的
""", """
dice que lo dejaron en la puerta pero aquí no hay nada
{carrier} lo marcó como entregado y no me llegó nada
el paquete se perdió, pedido {order}
estuve en casa todo el día y nadie lo trajo
pagué hace semanas y nunca recibí la {item}
el casillero estaba vacío aunque dice entregado
""")
add("item_damaged", """
the {item} came with a dent
it arrived smashed
the packaging was torn open and the {item} is scratched
my {item} stopped working on the first day
the seams are ripped on the {item} I received
arrived with missing parts and broken pieces
""", """
{item}到了有个凹痕
到手就是碎的
包装破了，{item}也刮花了
{item}第一天就坏了
收到的{item}开线了
到货少零件还有碎的
""", """
la {item} llegó abollada
llegó destrozado
el embalaje venía abierto y la {item} rayada
la {item} dejó de funcionar el primer día
la {item} que recibí viene descosida
llegó con piezas rotas y faltan partes
""")
add("wrong_item", """
the box had a completely different product inside
I got the wrong model
this is someone else's order
you sent {size} instead of the size I picked
received a {color} one, I chose a different colour
the item doesn't match the listing I ordered from
""", """
箱子里是一个完全不同的东西
型号发错了
这是别人的订单
我选的不是这个码，给我发了{size}
我要的不是{color}，发错色了
收到的东西和我下单的链接对不上
""", """
en la caja venía otro producto completamente distinto
me mandaron el modelo equivocado
este es el pedido de otra persona
me enviaron {size} y no es la talla que elegí
me llegó en {color} y yo escogí otro color
lo que me llegó no coincide con el anuncio que compré
""")
add("customs_issue", """
customs won't release my parcel
I'm being asked for import tax of {amount}
do orders to {country} get held at customs
the courier wants duties paid before delivery
how do I clear my package through customs
is VAT included or will customs charge me
""", """
海关不放行我的包裹
要我交{amount}进口税
寄到{country}会被海关扣吗
快递要我先交税才送
包裹怎么清关
税费是包含的还是海关另收
""", """
la aduana no libera mi paquete
me piden {amount} de impuestos de importación
¿los pedidos a {country} se quedan en aduana?
la paquetería quiere que pague aranceles antes de entregar
¿cómo saco mi paquete de la aduana?
¿el IVA está incluido o me cobrará la aduana?
""")
add("return_item", """
how do I send back the {item}
I'd like to return order {order}
can I have a return label emailed to me
the {item} doesn't suit me, I'm sending it back
where is the returns address
I want to return one item from my last order
""", """
{item}怎么寄回去
订单{order}我要退回
能把退货单发我邮箱吗
{item}不适合我，要寄回
退货地址是哪里
上一单里有一件要退
""", """
¿cómo mando de vuelta la {item}?
quiero devolver el pedido {order}
¿me mandan la etiqueta de devolución por correo?
la {item} no me favorece, la voy a regresar
¿cuál es la dirección para devoluciones?
quiero devolver un artículo de mi último pedido
""")
add("exchange_item", """
can I swap the {item} for {size}
I'd prefer to exchange rather than get my money back
exchange for a different colour please
can you send a bigger size and I'll return this one
is it possible to change the {item} for another model
I need to exchange the shoes for a half size up
""", """
{item}能换成{size}吗
我不要退钱，想换货
麻烦换个颜色
给我发大一码的，这件我寄回
{item}能换个款式吗
鞋子要换大半码
""", """
¿puedo cambiar la {item} por {size}?
prefiero un cambio a que me devuelvan el dinero
cámbienmelo por otro color por favor
mándenme una talla más grande y yo devuelvo esta
¿se puede cambiar la {item} por otro modelo?
necesito cambiar los zapatos por medio número más
""")
add("get_refund", """
I want to be reimbursed for order {order}
the {item} was faulty, refund me please
can I get my money back for the missing item
I'd like a full refund
please return the {amount} to my card
I'm requesting a refund, the product was not as described
""", """
订单{order}我要求退款
{item}有问题，给我退款
少发的那件能退钱吗
我要全额退款
把{amount}退到我卡上
东西和描述不符，申请退款
""", """
quiero que me reembolsen el pedido {order}
la {item} salió defectuosa, reembólsenme
¿me devuelven el dinero del artículo que faltaba?
quiero el reembolso completo
devuélvanme los {amount} a la tarjeta
pido el reembolso, el producto no era como lo describían
""")
add("track_refund", """
it's been 10 days and the refund isn't on my card
you approved my refund but where is the money
when will the {amount} refund show up
is my refund for {order} still processing
my return arrived at your warehouse, when do I get paid back
how do I check if my refund was sent
""", """
十天了退款还没到卡上
退款审核通过了，钱呢
{amount}的退款什么时候到
{order}的退款还在处理吗
退货已经到仓库了，什么时候退钱
怎么查退款有没有打出来
""", """
ya pasaron 10 días y el reembolso no aparece en la tarjeta
aprobaron mi reembolso pero ¿dónde está el dinero?
¿cuándo se verá el reembolso de {amount}?
¿el reembolso del {order} sigue en proceso?
mi devolución llegó a su almacén, ¿cuándo me pagan?
¿cómo compruebo si ya me enviaron el reembolso?
""")
add("check_refund_policy", """
can I get my money back if I return it after two weeks
who pays return shipping
do you refund items bought on sale
are refunds given as store credit or to my card
what are the rules for returns and refunds
is there a time limit for refunds
""", """
两周后退货还能退钱吗
退货运费谁出
打折买的能退款吗
退款是退到余额还是原路退回
退换货规则是什么
退款有时间限制吗
""", """
si lo regreso pasados quince días, ¿hay reembolso?
¿quién paga el envío de la devolución?
¿reembolsan productos comprados en rebajas?
¿el reembolso es en saldo o a la tarjeta?
¿cuáles son las reglas de devoluciones y reembolsos?
¿hay un plazo límite para los reembolsos?
""")
add("payment_issue", """
I got charged but there's no order in my account
my card keeps getting declined though it has funds
the payment went through twice for {order}
I see an error when paying with {amount} on my card
google pay is not working at checkout
my payment is stuck as pending
""", """
钱扣了但账户里没有订单
卡里有钱但一直付款被拒
{order}付款扣了两次
用卡付{amount}的时候报错
结账时用不了云闪付
付款一直显示待处理
""", """
me cobraron pero no aparece ningún pedido en mi cuenta
me rechazan la tarjeta aunque tiene fondos
el pago del {order} se hizo dos veces
me sale error al pagar {amount} con tarjeta
Google Pay no funciona al pagar
mi pago se queda como pendiente
""")
add("unauthorized_charge", """
I have a charge of {amount} from you that I didn't authorise
my bank shows a payment to your shop I never made
someone bought something with my card on your website
I don't know what this {amount} transaction is
please reverse this charge, it wasn't me
there's a payment on my statement from your company I don't recognise
""", """
你们扣了我{amount}，我没授权
银行流水有一笔付给你们店的，我没买过
有人用我的卡在你们网站上买了东西
这笔{amount}的交易我不知道是什么
这笔扣款不是我，请退回
账单上有一笔你们公司的扣款，我不认识
""", """
tengo un cargo de {amount} suyo que no autoricé
mi banco muestra un pago a su tienda que no hice
alguien compró con mi tarjeta en su web
no sé qué es esta transacción de {amount}
reviertan este cargo, no fui yo
hay un cargo de su empresa en mi extracto que no reconozco
""")
add("check_payment_methods", """
can I pay in monthly installments
is debit card accepted
what ways can I pay
do you accept payment on delivery
can I combine a gift card with my credit card
can I pay in cash
""", """
可以按月分期付吗
借记卡可以用吗
都有哪些付钱的方式
支持到付吗
礼品卡和信用卡能一起用吗
可以付现金吗
""", """
¿puedo pagar en cuotas mensuales?
¿aceptan tarjeta de débito?
¿de qué maneras puedo pagar?
¿se puede pagar al recibir?
¿puedo combinar tarjeta regalo y tarjeta de crédito?
¿puedo pagar en efectivo?
""")
add("check_invoice", """
the total on my invoice is different from my receipt
can you explain the charges listed on my invoice
my invoice shows the wrong address
why is shipping on my invoice if delivery was free
where do I view old invoices
the tax amount on the invoice for {order} looks wrong
""", """
发票总额和小票对不上
能解释下发票上的费用明细吗
发票上的地址不对
包邮的为什么发票上有运费
以前的发票在哪看
{order}发票上的税额好像不对
""", """
el total de la factura no cuadra con el ticket
¿me explican los cargos de mi factura?
la factura tiene la dirección equivocada
¿por qué sale el envío en la factura si era gratis?
¿dónde veo facturas antiguas?
el impuesto de la factura del {order} parece incorrecto
""")
add("get_invoice", """
could you issue an invoice for {order}
I need a receipt for my expenses
where can I download the invoice as pdf
please send me an invoice with my company name and tax number
my accountant needs an invoice for this purchase
I need proof of purchase, can you email it to {email}
""", """
{order}能开发票吗
报销需要收据
发票pdf在哪下载
麻烦开带公司名称和税号的发票
会计要这笔订单的发票
需要购买凭证，能发到{email}吗
""", """
¿pueden emitir una factura del {order}?
necesito un recibo para mis gastos
¿dónde descargo la factura en pdf?
mándenme factura con el nombre de mi empresa y el CIF
mi contador necesita factura de esta compra
necesito comprobante de compra, ¿lo mandan a {email}?
""")
add("promotion_question", """
the discount code says invalid
is the sale price still on
can I combine a coupon with the sale
why was the discount not applied at checkout
do you have a referral code
is there a code for free shipping
""", """
折扣码提示无效
促销价还有吗
优惠券能和打折一起用吗
结账的时候为什么没减钱
有邀请码吗
有没有包邮券
""", """
el código de descuento dice que no es válido
¿sigue el precio de oferta?
¿puedo juntar un cupón con las rebajas?
¿por qué no me aplicó el descuento al pagar?
¿tienen código de referido?
¿hay algún código de envío gratis?
""")
add("membership_question", """
what perks come with the gold tier
how do I earn more points
my points balance is wrong
what's the annual fee for membership
do I get member prices automatically
how do I upgrade my membership level
""", """
金卡会员有什么福利
怎么多赚积分
积分余额不对
会员年费多少钱
会员价是自动享受的吗
会员等级怎么升级
""", """
¿qué beneficios tiene el nivel oro?
¿cómo gano más puntos?
mi saldo de puntos está mal
¿cuánto es la cuota anual de socio?
¿los precios de socio se aplican automáticamente?
¿cómo subo de nivel de membresía?
""")
add("create_account", """
where do I sign up
I'd like to open a seller account
how do I register a business account
do I need an account to buy
what do I need to register
can I register with my phone number
""", """
在哪里注册
我想开个卖家账户
企业账号怎么注册
买东西一定要注册吗
注册需要什么资料
能用手机号注册吗
""", """
¿dónde me registro?
quiero abrir una cuenta de vendedor
¿cómo registro una cuenta de empresa?
¿necesito cuenta para comprar?
¿qué necesito para registrarme?
¿puedo registrarme con mi número de teléfono?
""")
add("registration_problems", """
the confirmation code for sign up never comes
it says the username is taken
sign up page won't accept my password
I'm stuck at phone verification when signing up
the captcha fails every time I try to register
when I submit the registration form nothing happens
""", """
注册验证码一直不来
提示用户名已被使用
注册页面不接受我的密码
注册卡在手机验证
注册时人机验证总是失败
提交注册表单没反应
""", """
el código de confirmación del registro nunca llega
dice que el nombre de usuario ya está en uso
la página de registro no acepta mi contraseña
me quedo atascado en la verificación del teléfono al registrarme
el captcha falla cada vez que intento registrarme
al enviar el formulario de registro no pasa nada
""")
add("recover_password", """
I don't remember my login password
the password reset email hasn't arrived
how do I get back into my account, I forgot the password
send me a link to reset my password
the reset password link has expired
my new password isn't accepted after the reset
""", """
登录密码不记得了
重置密码的邮件没收到
密码忘了怎么登录回去
给我发个重置密码的链接
重置密码链接失效了
重置后新密码用不了
""", """
no recuerdo la contraseña para entrar
no ha llegado el correo para restablecer la contraseña
olvidé la contraseña, ¿cómo vuelvo a entrar?
mándenme un enlace para cambiar la contraseña
el enlace de restablecer la contraseña caducó
después de restablecerla no acepta la contraseña nueva
""")
add("account_locked", """
I'm locked out of my account
my account was deactivated and I don't know why
please lift the suspension on my account
it says my account is on hold
too many wrong codes and now it's blocked
how long until my locked account opens again
""", """
我的账号进不去了，被锁了
账号被停用了不知道为什么
请解除我账号的封禁
提示账户被暂停
验证码输错太多次被封了
账号锁了多久能自动解开
""", """
me quedé bloqueado fuera de mi cuenta
me desactivaron la cuenta y no sé por qué
quiten la suspensión de mi cuenta por favor
dice que mi cuenta está en pausa
puse mal el código muchas veces y me la bloquearon
¿cuánto tarda en desbloquearse la cuenta?
""")
add("security_concern", """
I got a phishing text pretending to be your shop
an unknown device signed in to my account
someone asked for my password saying they're from support
I received a password change email I didn't ask for
how do I see where my account is logged in
there's an address in my account that I never added
""", """
收到冒充你们店的钓鱼短信
有个陌生设备登录了我的账号
有人说是客服问我要密码
没改密码却收到改密码的邮件
怎么查看账号在哪些地方登录
账户里有个地址不是我加的
""", """
me llegó un SMS de phishing haciéndose pasar por su tienda
un dispositivo desconocido entró en mi cuenta
alguien que decía ser de soporte me pidió la contraseña
recibí un correo de cambio de contraseña que no pedí
¿cómo veo desde dónde se ha iniciado sesión en mi cuenta?
hay una dirección en mi cuenta que yo no agregué
""")
add("edit_account", """
I need to change the mobile number on my profile
update my surname please
can I change the email I use to log in
how do I change my display name
I want to change my account language
where do I update my date of birth
""", """
资料里的手机号要换
帮我改一下姓
登录邮箱能换吗
昵称怎么改
我想改账户语言
生日在哪修改
""", """
tengo que cambiar el móvil de mi perfil
actualicen mi apellido por favor
¿puedo cambiar el correo con el que inicio sesión?
¿cómo cambio mi nombre visible?
quiero cambiar el idioma de mi cuenta
¿dónde actualizo mi fecha de nacimiento?
""")
add("switch_account", """
how do I go from my buyer account to my shop account
I'm signed into my partner's account, how do I switch to mine
can I be signed in to two accounts
I used the wrong account, how do I change to the right one
toggle between accounts
log in as my other account
""", """
怎么从买家号切到店铺号
现在登的是我对象的号，怎么切成我的
能同时登录两个号吗
用错账号了，怎么换回来
账号之间来回切
登录我另一个号
""", """
¿cómo paso de mi cuenta de comprador a la de mi tienda?
estoy en la cuenta de mi pareja, ¿cómo cambio a la mía?
¿puedo tener sesión en dos cuentas?
usé la cuenta equivocada, ¿cómo cambio a la correcta?
alternar entre cuentas
entrar con mi otra cuenta
""")
add("delete_account", """
I want my account permanently removed
please wipe my data and close the account
what happens to my orders if I delete my account
can I deactivate instead of deleting
remove my profile from your site
I'm leaving, delete the account linked to {email}
""", """
我要永久删除账号
请清除我的数据并注销账号
注销账号后订单怎么办
能先停用不删除吗
把我的资料从你们网站删掉
不用了，注销{email}绑定的账号
""", """
quiero que eliminen mi cuenta para siempre
borren mis datos y cierren la cuenta
¿qué pasa con mis pedidos si borro la cuenta?
¿puedo desactivarla en vez de borrarla?
quiten mi perfil de su web
me voy, borren la cuenta asociada a {email}
""")
add("open_dispute", """
the seller won't reply, I want the platform to step in
I'd like to raise a case against this seller
the seller refused my return, I want to dispute it
what proof do I need for a dispute
the buyer filed a claim against me but I shipped it
please review my case with the seller for {order}
""", """
卖家不回复，我要平台介入
我想对这个卖家提起申诉
卖家拒绝退货，我要发起纠纷
发起纠纷要什么证据
买家对我提了投诉，可我已经发货了
麻烦平台审核一下{order}和卖家的纠纷
""", """
el vendedor no responde, quiero que intervenga la plataforma
quiero abrir un caso contra este vendedor
el vendedor rechazó mi devolución, quiero abrir una disputa
¿qué pruebas necesito para una disputa?
el comprador abrió un reclamo contra mí pero yo lo envié
revisen mi caso con el vendedor del pedido {order}
""")
add("report_listing", """
I want to flag this listing as fake
this seller is selling knockoffs
the photos on this listing are not the real item
someone is selling illegal stuff here
this product page is a scam, please take it down
the listing says brand new but it's used
""", """
我要举报这个链接是假货
这个卖家卖高仿
这个商品图片不是实物
有人在这卖违法的东西
这个商品页是骗人的，请下架
写的全新其实是二手
""", """
quiero marcar este anuncio como falso
este vendedor vende imitaciones
las fotos de este anuncio no son del producto real
alguien vende cosas ilegales aquí
esta publicación es una estafa, quítenla
el anuncio dice nuevo pero es usado
""")
add("seller_payout", """
when will my earnings be transferred to my bank
my seller balance is still pending
how do I cash out my sales
why was money deducted from my payout
can I receive payouts to paypal
what's the minimum to withdraw
""", """
我的收入什么时候打到银行卡
卖家余额还在待结算
销售款怎么提现
为什么结算款被扣钱了
能结算到PayPal吗
最低提现金额是多少
""", """
¿cuándo me transfieren las ganancias al banco?
mi saldo de vendedor sigue pendiente
¿cómo cobro mis ventas?
¿por qué me descontaron dinero del pago?
¿puedo recibir los pagos en PayPal?
¿cuál es el mínimo para retirar?
""")
add("contact_customer_service", """
what's the customer service phone number
how do I get in touch with your support team
what time are you open
do you have a support email
can I reach you on whatsapp
are you open on holidays
""", """
客服电话是多少
怎么联系你们的客服团队
你们几点营业
有客服邮箱吗
微信能联系到你们吗
节假日上班吗
""", """
¿cuál es el teléfono de atención al cliente?
¿cómo me pongo en contacto con soporte?
¿en qué horario atienden?
¿tienen correo de soporte?
¿se les puede escribir por WhatsApp?
¿abren en días festivos?
""")
add("contact_human_agent", """
get me a real person
I want a supervisor
put me through to someone
I'd like to speak with an employee
the bot isn't helping, human please
can a person take over this chat
""", """
给我找个真人
我要找主管
给我转接工作人员
我想和员工说话
机器人没用，转人工
能让真人接一下吗
""", """
pásenme con una persona de verdad
quiero hablar con el encargado
comuníquenme con alguien
quiero hablar con un empleado
el bot no ayuda, una persona por favor
¿puede atenderme una persona?
""")
add("complaint", """
I want to complain about the way I was treated
nobody answers my emails, this is a disgrace
your courier was really rude to me
I'm fed up with your service
I want to lodge a complaint about the store
your staff was unhelpful and I'm not happy
""", """
我要投诉你们对我的态度
邮件没人回，太不像话了
你们的快递员态度很差
我受够你们的服务了
我要投诉这家店
你们员工一点都不帮忙，很不满意
""", """
quiero quejarme del trato que recibí
nadie contesta mis correos, es una vergüenza
su repartidor fue muy maleducado
estoy harto de su servicio
quiero presentar una reclamación contra la tienda
su personal no me ayudó y estoy muy molesta
""")
add("review", """
how can I rate the seller
I want to post a review with photos
where is the option to review my order
can I change the rating I gave
I'd like to leave feedback on the product
why can't I review this item
""", """
怎么给卖家打分
我想发带图的评价
评价订单的入口在哪
给过的评分能改吗
我想给商品留个评价
为什么这个商品我评价不了
""", """
¿cómo califico al vendedor?
quiero publicar una reseña con fotos
¿dónde está la opción para valorar mi pedido?
¿puedo cambiar la calificación que di?
quiero dejar una opinión del producto
¿por qué no puedo valorar este artículo?
""")
add("suggestion", """
it would be nice to have a size chart
you should let us choose the delivery time
a feature idea: save items for later
please think about adding gift wrapping
the app would be better with a compare button
just a suggestion, show the price per unit
""", """
要是有尺码表就好了
建议可以选送货时间
功能建议：商品可以稍后再买
希望增加礼品包装
app加个对比功能会更好
提个建议，显示单价
""", """
estaría bien tener una tabla de tallas
deberían dejarnos elegir la hora de entrega
una idea: guardar artículos para después
pensad en añadir envoltorio de regalo
la app estaría mejor con un botón para comparar
solo una sugerencia, mostrar el precio por unidad
""")
add("newsletter_subscription", """
take me off your email list
I want to get your newsletter
stop sending me promotional texts
how do I change my email preferences
I still get newsletters after unsubscribing
sign me up for sale alerts
""", """
把我从邮件名单里去掉
我想收你们的新闻邮件
别再发促销短信了
邮件偏好怎么改
退订了还在收到邮件
有促销的时候通知我，帮我订阅
""", """
sáquenme de su lista de correos
quiero recibir su boletín
dejen de mandarme SMS promocionales
¿cómo cambio mis preferencias de correo?
me di de baja y siguen llegando boletines
suscríbanme a los avisos de rebajas
""")
add("greeting", """
hello!
hi there
good morning all
hey, anyone around?
hello team
hi, good afternoon
""", """
你好啊
嗨
早啊
有人在线吗
你好客服
下午好呀
""", """
holaaa buenas
hola qué tal
buen día, ¿me ayudan?
hola, ¿alguien por ahí?
hola equipo de soporte
buenas buenas
""")
add("thanks", """
thanks so much
many thanks
that helped, thank you
thank you very much
ty so much
appreciate your help
""", """
谢谢啊
多谢多谢
帮大忙了，谢谢
非常感谢你
谢谢亲
感谢你的帮助
""", """
gracias de verdad
gracias de todo corazón
me sirvió, gracias
se lo agradezco mucho
gracias guapa
agradezco tu ayuda
""")
add("other", """
what's the news today
write me a story
haha
where can I eat near here
my dog is sleeping
how far is the moon
play some music
who are you
""", """
今天有什么新闻
给我编个故事
嘿嘿
这附近哪里能吃饭
我家狗在睡觉
月亮有多远
放首歌
你是谁
""", """
¿qué noticias hay hoy?
escríbeme una historia
jaja
¿dónde puedo comer por aquí?
mi perro está durmiendo
¿qué tan lejos está la luna?
pon música
¿quién eres?
""")
