# Training templates for the marketdesk assistant, written for this project.
# {slot} is filled from SLOTS; one line = one template.

SLOTS = {
    "order": ["SO-240101", "WEB-1001", "SO-231877", "WEB-2045", "240155", "#1032", "SO-250312", "WEB-1187", "SO-239940", "218830"],
    "track": ["1Z999AA10123456784", "JJD0001234567890", "SF1234567890123", "PQ4F6P0702618640128001T", "LX123456789ES", "YT2412345678901234", "773012345678"],
    "email": ["ana.lopez@gmail.com", "jmiller88@yahoo.com", "wangfang@qq.com", "luis_r@hotmail.es", "li.na@163.com", "kate.b@outlook.com"],
    "phone": ["+34 612 345 678", "(555) 123-4567", "138 0000 0000", "+52 55 1234 5678", "13912345678", "+1 415 555 0199"],
    "item": {
        "en": ["shirt", "sneakers", "phone case", "jacket", "dress", "headphones", "blender", "backpack", "watch", "lamp", "hoodie", "jeans", "coffee maker", "charger", "sofa cover", "kids shoes"],
        "zh": ["衣服", "鞋子", "手机壳", "外套", "连衣裙", "耳机", "榨汁机", "书包", "手表", "台灯", "卫衣", "牛仔裤", "充电器", "床单", "电饭煲", "口红"],
        "es": ["camiseta", "zapatillas", "funda del móvil", "chaqueta", "vestido", "audífonos", "licuadora", "mochila", "reloj", "lámpara", "sudadera", "pantalones", "cargador", "cafetera", "tenis", "bolso"],
    },
    "amount": {
        "en": ["$30", "$129.99", "45 EUR", "$12.50", "$89", "£20", "59.90 USD", "$7.99"],
        "zh": ["120元", "¥89", "299块", "58元", "¥1299", "36块钱", "199元"],
        "es": ["45 euros", "€12,50", "350 pesos", "29,99 €", "$899", "1.200 pesos", "60€"],
    },
    "date": {
        "en": ["tomorrow", "Friday", "next week", "Nov 30", "Monday", "the 12th", "this weekend", "2026-11-30"],
        "zh": ["明天", "周五", "下周", "11月30号", "后天", "这周末", "星期一"],
        "es": ["mañana", "el viernes", "la semana que viene", "el 30 de noviembre", "el lunes", "pasado mañana", "este fin de semana"],
    },
    "days": ["3", "5", "7", "10", "two", "three", "12", "15"],
    "dias": ["3", "5", "7", "10", "dos", "tres", "15", "12"],
    "tian": ["3", "5", "7", "10", "两", "三", "十", "半个月"],
    "size": {"en": ["M", "L", "XL", "a size 9", "small", "a 42"], "zh": ["M码", "L码", "XL", "42码", "大一号", "小一码"], "es": ["M", "L", "talla 40", "la 38", "una talla más", "chica"]},
    "color": {"en": ["black", "blue", "red", "white", "green"], "zh": ["黑色", "白色", "蓝色", "红色", "粉色"], "es": ["negro", "azul", "rojo", "blanco", "verde"]},
    "carrier": {"en": ["UPS", "DHL", "FedEx", "USPS", "the courier"], "zh": ["顺丰", "中通", "京东快递", "圆通", "韵达", "快递员"], "es": ["Correos", "SEUR", "DHL", "Estafeta", "el repartidor", "la paquetería"]},
    "country": {"en": ["Canada", "Mexico", "the UK", "Germany", "Australia"], "zh": ["香港", "台湾", "美国", "新疆", "西藏"], "es": ["Canarias", "México", "Colombia", "Portugal", "Estados Unidos"]},
}

T = {}

T["track_order"] = {
"en": """
where is my order {order}?
Where's my package
can you tell me the status of order {order}
track my order pls
I want to track my order
has my order shipped yet?
order {order} status
what's happening with my order, it says processing for days
my tracking number {track} hasn't updated
is my package out for delivery?
how do i track my parcel
check order status
any update on my order {order}
where is my stuff
tracking for {order}?
the tracking page shows nothing for {track}
""",
"zh": """
我的订单{order}到哪了
快递到哪了
查一下物流
帮我查下订单{order}的状态
我的包裹现在在哪里
订单发货了吗
怎么查物流信息
物流一直不更新，单号{track}
我的快递到哪儿了啊
订单{order}什么情况
能帮我看看我的货到哪了吗
发货没有啊
查询订单进度
怎么跟踪我的包裹
为什么物流信息显示已揽收就没动了
""",
"es": """
¿Dónde está mi pedido {order}?
dónde está mi paquete
quiero saber el estado de mi pedido
¿ya enviaron mi pedido?
cómo hago el seguimiento de mi pedido
estado del pedido {order}
el número de seguimiento {track} no se actualiza
¿mi paquete ya está en reparto?
quiero rastrear mi pedido
me pueden decir por dónde va mi pedido
sigue saliendo en preparación, qué pasa con mi pedido {order}
¿cómo rastreo mi paquete?
necesito saber dónde anda mi compra
no encuentro el seguimiento de mi pedido
ya salió mi pedido?
""",
}

T["delivery_period"] = {
"en": """
how long does shipping take?
when will my order arrive
how many days for delivery to {country}
how long until I get my {item}
what's the delivery time
if I order today when will it arrive
estimated delivery date for {order}?
how long does express shipping take
does delivery take more than a week
when should I expect my package
how many business days is standard shipping
will it arrive before {date}?
what is the usual delivery time
how long does it take to ship to {country}
""",
"zh": """
一般几天能到
发货后多久能收到
寄到{country}要多久
什么时候能到货
今天下单明天能到吗
快递大概要几天
我的{item}多久能送到
配送时间是多久
预计什么时候送达
{date}之前能收到吗
发顺丰的话几天到
下单以后多长时间发货
从发货到收货一般要多少天
订单{order}大概什么时候能到
""",
"es": """
¿Cuánto tarda el envío?
cuándo llega mi pedido
¿cuántos días tarda en llegar a {country}?
en cuanto tiempo me llega la {item}
¿cuál es el plazo de entrega?
si pido hoy cuándo me llega
¿cuándo me llega el pedido {order}?
¿cuánto tarda el envío exprés?
¿llegará antes de {date}?
cuántos días hábiles tarda el envío normal
tiempo estimado de entrega
¿en cuánto tiempo entregan?
¿tarda mucho en llegar a {country}?
cuando más o menos me llegaría
""",
}

T["delivery_options"] = {
"en": """
what shipping options do you have
do you offer express delivery?
can I pick up my order in store
do you ship to {country}?
how much is shipping
is there free shipping
can I choose next day delivery
do you deliver on weekends
can I get it delivered to a pickup point or locker
which carriers do you use
do you ship internationally
what delivery methods are available at checkout
is same day delivery available in my area
""",
"zh": """
有哪些配送方式
可以发顺丰吗
能到店自提吗
你们发{country}吗
运费多少钱
包邮吗
有没有次日达
周末送货吗
可以送到快递柜或者驿站吗
你们用的哪家快递
能不能发国际快递
可以指定快递吗
有同城当日达吗
满多少包邮
""",
"es": """
¿qué opciones de envío tienen?
¿tienen envío exprés?
¿puedo recoger el pedido en tienda?
¿hacen envíos a {country}?
¿cuánto cuesta el envío?
¿el envío es gratis?
¿tienen entrega al día siguiente?
¿entregan los fines de semana?
¿puedo mandarlo a un punto de recogida o a un locker?
¿con qué paquetería envían?
¿hacen envíos internacionales?
¿a partir de cuánto el envío es gratis?
¿se puede elegir la paquetería?
¿hay entrega el mismo día en mi ciudad?
""",
}

T["change_order"] = {
"en": """
I need to change my order {order}
can I change the size of my {item} to {size}
I want to add another item to my order
can I change the color to {color}
please change the quantity to 2
I ordered the wrong size, can you change it before it ships
remove one item from order {order}
can I modify my order
switch the {item} in my order to {color} please
I want to update my order, it hasn't shipped yet
can you swap the {item} for {size} before shipping
edit my order
""",
"zh": """
我想修改订单{order}
能把{item}换成{size}吗
还没发货，能改一下颜色吗，要{color}
我想在订单里再加一件
帮我把数量改成2件
下错单了，尺码选错了，能改吗
订单{order}里删掉一件商品
怎么修改订单
能把{item}改成{color}的吗
我想改一下订单内容
订单能改规格吗
帮我改一下订单，{item}要{size}
""",
"es": """
quiero modificar mi pedido {order}
¿puedo cambiar la talla de la {item} a {size}?
quiero añadir otro artículo a mi pedido
¿puedo cambiar el color a {color}?
cambien la cantidad a 2 por favor
me equivoqué de talla, ¿lo pueden cambiar antes de enviarlo?
quiten un artículo del pedido {order}
¿se puede modificar un pedido?
cámbienme la {item} a color {color} porfa
quiero agregar algo a mi orden que aún no se envía
¿puedo editar mi pedido?
necesito cambiar el modelo del pedido {order}
""",
}

T["change_shipping_address"] = {
"en": """
I need to change the shipping address for order {order}
wrong address on my order, can you update it
can I change my delivery address
I moved, please send order {order} to my new address
please update the address, I typed the wrong street number
change address to 25 Baker Street, London
can the package be delivered to my work address instead
I entered the wrong zip code
how do I change the address on an order that already shipped
redirect my parcel to another address
""",
"zh": """
我想改一下收货地址
订单{order}地址填错了，能改吗
帮我把地址改成北京市朝阳区建国路88号
收货地址写错了
搬家了，订单能寄到新地址吗
能不能改成寄到公司
邮编填错了怎么办
已经发货了还能改地址吗
帮我改下收件地址，门牌号写错了
快递能转寄到别的地址吗
""",
"es": """
necesito cambiar la dirección de envío del pedido {order}
puse mal la dirección, ¿la pueden corregir?
¿puedo cambiar la dirección de entrega?
me mudé, envíen el pedido {order} a mi nueva dirección
actualicen la dirección, me equivoqué de número de calle
cambien la dirección a Calle Mayor 12, Madrid
¿me lo pueden mandar a la oficina en vez de a mi casa?
puse mal el código postal
¿se puede cambiar la dirección si ya se envió?
quiero redirigir mi paquete a otra dirección
""",
}

T["set_up_shipping_address"] = {
"en": """
how do I add a new shipping address
I want to save a new address in my account
how can I set a default delivery address
can I have more than one shipping address saved
where do I add my address in the app
set up a shipping address
I can't save my address, it says invalid
how do I add my office as a second address
adding an address in my profile doesn't work
where can I manage my saved addresses
""",
"zh": """
怎么添加新的收货地址
我想在账户里保存一个新地址
怎么设置默认收货地址
可以保存多个收货地址吗
app里在哪添加地址
新地址保存不了，提示格式错误
怎么把公司地址也加进去
地址管理在哪里
收货地址怎么设置
我的地址簿里加不了新地址
""",
"es": """
¿cómo agrego una nueva dirección de envío?
quiero guardar una dirección nueva en mi cuenta
¿cómo pongo una dirección predeterminada?
¿puedo guardar más de una dirección?
¿dónde añado mi dirección en la app?
configurar dirección de envío
no me deja guardar la dirección, dice que no es válida
¿cómo agrego la dirección de mi trabajo como segunda dirección?
¿dónde administro mis direcciones guardadas?
no puedo registrar una dirección en mi perfil
""",
}

T["cancel_order"] = {
"en": """
cancel my order {order}
I want to cancel my order
please cancel order {order}, I ordered by mistake
how do I cancel an order
I changed my mind, cancel it
can I still cancel if it hasn't shipped
cancel the {item} order please
I need to cancel the order I placed {date}
I don't want it anymore, please cancel
is it too late to cancel order {order}?
stop my order
""",
"zh": """
取消订单{order}
我要取消订单
不想要了，帮我取消
怎么取消订单
拍错了，麻烦取消一下
还没发货能取消吗
帮我把{item}那个订单取消掉
订单{order}还能取消吗
我不要了，取消吧
下错单了，取消订单
""",
"es": """
cancelen mi pedido {order}
quiero cancelar mi pedido
por favor cancelen el pedido {order}, lo pedí por error
¿cómo cancelo un pedido?
me arrepentí, cancélenlo
¿todavía puedo cancelar si no se ha enviado?
cancelar la orden de la {item}
ya no lo quiero, cancelen por favor
¿es tarde para cancelar el pedido {order}?
necesito anular mi compra
""",
}

T["check_cancellation_fee"] = {
"en": """
is there a fee to cancel my order
do you charge for cancellations
how much does it cost to cancel
will I be charged if I cancel order {order}
cancellation fee?
is cancelling free
what's the cancellation charge after shipping
do I lose money if I cancel
will I get the full amount back if I cancel or is there a penalty
why was I charged a cancellation fee of {amount}
""",
"zh": """
取消订单要扣钱吗
取消订单有手续费吗
取消要收费吗
我现在取消会扣多少钱
取消订单{order}有违约金吗
取消是免费的吗
发货后取消要付多少费用
取消订单会全额退款吗还是要扣手续费
为什么取消订单扣了我{amount}
取消费怎么算
""",
"es": """
¿cobran por cancelar un pedido?
¿hay penalización por cancelar?
¿cuánto cuesta cancelar?
¿me cobran algo si cancelo el pedido {order}?
¿la cancelación es gratis?
¿hay cargo por cancelación?
¿cuánto me descuentan si cancelo después del envío?
¿pierdo dinero si cancelo?
¿por qué me cobraron {amount} por cancelar?
comisión por cancelar?
""",
}

T["place_order"] = {
"en": """
how do I place an order
I want to buy this {item}
can I order by phone
how do I buy something on your site
I want to order 3 {item}s
the checkout button doesn't do anything, how do I complete my purchase
can you place an order for me
I'd like to order the {item} in {color}
how do I buy as a guest without an account
can I order in bulk
""",
"zh": """
怎么下单
我想买这个{item}
可以电话下单吗
在你们网站怎么买东西
我要买3件{item}
怎么提交订单
能帮我下个单吗
我想要{color}的{item}，怎么拍
不注册能下单吗
可以批量订购吗
""",
"es": """
¿cómo hago un pedido?
quiero comprar esta {item}
¿puedo pedir por teléfono?
¿cómo compro en su página?
quiero pedir 3 {item}
¿cómo finalizo la compra?
¿me pueden hacer el pedido ustedes?
quiero la {item} en {color}, ¿cómo la pido?
¿puedo comprar sin registrarme?
¿se puede comprar al por mayor?
""",
}

T["reschedule_delivery"] = {
"en": """
I missed the delivery, can you redeliver
can you deliver on {date} instead
I won't be home {date}, can we change the delivery date
the courier came when I was out, how do I reschedule
please deliver my package {date}
reschedule delivery for order {order}
{carrier} left a note, I need a new delivery time
can I pick a different delivery slot
my parcel went back to the depot, can it be delivered again
change delivery day please
""",
"zh": """
我错过了快递，能再送一次吗
能改到{date}送吗
{date}不在家，能换个时间送吗
快递员来的时候我不在，怎么预约再送
麻烦{date}再派送
订单{order}改一下配送时间
{carrier}说联系不上我，我想重新约时间
能选别的送货时间段吗
包裹退回网点了，能再派送吗
改一下送货日期
""",
"es": """
no estaba cuando vino el repartidor, ¿pueden volver a entregarlo?
¿pueden entregarlo {date}?
no voy a estar en casa {date}, ¿podemos cambiar la fecha de entrega?
el repartidor pasó y no había nadie, ¿cómo reprogramo?
por favor entreguen mi paquete {date}
reprogramar la entrega del pedido {order}
{carrier} dejó un aviso, necesito otra hora de entrega
¿puedo elegir otro horario de entrega?
mi paquete volvió a la oficina, ¿lo pueden entregar de nuevo?
quiero cambiar el día de entrega
""",
}

T["item_not_received"] = {
"en": """
my order says delivered but I never got it
I haven't received my package
order {order} never arrived
tracking says delivered but nothing at my door
it's been 3 weeks and still no package
I didn't receive my {item}
package marked as delivered, not here
my parcel is lost
the courier says delivered, I checked with neighbours, nothing
still haven't received order {order}
never got my stuff
""",
"zh": """
显示已签收但是我没收到
我还没收到包裹
订单{order}一直没到
物流显示签收了，但是门口什么都没有
都三个星期了还没收到货
我的{item}没收到
快递显示送达了，根本没有
包裹丢了吧
问了邻居和物业都没有
我没签收怎么显示已签收了
""",
"es": """
dice entregado pero nunca lo recibí
no me ha llegado el paquete
el pedido {order} nunca llegó
el seguimiento dice entregado pero no hay nada
ya pasaron 3 semanas y no me llega nada
no recibí mi {item}
el paquete aparece como entregado y no lo tengo
creo que se perdió mi paquete
pregunté a los vecinos y nadie lo tiene
todavía no recibo mi pedido {order}
nunca me llegó la compra
""",
}

T["item_damaged"] = {
"en": """
my {item} arrived broken
the package was damaged when it arrived
the {item} is cracked
item came damaged, what do I do
box was crushed and the {item} inside is broken
received a defective {item}
the screen is scratched out of the box
my order {order} arrived damaged
it doesn't work, it was broken on arrival
the glass was shattered in the box
there's a tear in the {item} I just got
""",
"zh": """
收到的{item}是坏的
包裹到的时候已经破损了
{item}裂了
东西摔坏了怎么办
箱子压扁了，里面的{item}也坏了
收到的是残次品
屏幕有划痕
订单{order}到货就坏了
收到就用不了，质量问题
玻璃碎了
{item}有个破洞
""",
"es": """
mi {item} llegó rota
el paquete llegó dañado
la {item} está rajada
me llegó dañado, ¿qué hago?
la caja venía aplastada y la {item} está rota
me llegó defectuoso
la pantalla viene rayada
mi pedido {order} llegó en mal estado
no funciona, llegó roto
el vaso vino hecho pedazos
la {item} tiene un agujero
""",
}

T["wrong_item"] = {
"en": """
I received the wrong item
you sent me the wrong size
this is not what I ordered
got a {color} {item} but I ordered {color}
wrong product in my package
order {order} has someone else's item
I ordered a {item} and got something completely different
the size on the label is {size} but I ordered a different one
you sent the wrong colour
half my order is missing and there's a different item instead
""",
"zh": """
发错货了
尺码发错了
收到的不是我买的东西
我买的{color}，发来的是别的颜色
包裹里的东西不对
订单{order}寄来的是别人的东西
我买的是{item}，收到的完全是另一个东西
我要的不是这个码
颜色发错了
发的货和页面上的不一样
""",
"es": """
me llegó un artículo equivocado
me mandaron la talla equivocada
esto no es lo que pedí
pedí {color} y me llegó de otro color
el producto del paquete no es el mío
el pedido {order} trae cosas de otra persona
pedí una {item} y me llegó otra cosa totalmente distinta
me enviaron otro modelo
se equivocaron de color
me llegó un producto que no corresponde
""",
}

T["customs_issue"] = {
"en": """
my package is stuck in customs
do I have to pay import duties
customs is asking me to pay {amount}, why
the parcel has been held by customs for a week
who pays the customs fees
I got a letter from customs about my order {order}
why do I need to pay VAT on delivery
customs clearance is taking forever
they want my ID for customs clearance
will there be extra duty charges for shipping to {country}
""",
"zh": """
包裹卡在海关了
需要交关税吗
海关让我交{amount}税，为什么
包裹被海关扣了一个星期了
关税谁来付
海关给我发短信要清关资料
清关要多久
需要提供身份证清关吗
寄到{country}要收额外关税吗
订单{order}一直显示清关中
""",
"es": """
mi paquete está retenido en aduana
¿tengo que pagar impuestos de importación?
aduana me pide pagar {amount}, ¿por qué?
el paquete lleva una semana en aduanas
¿quién paga los aranceles?
me llegó una carta de aduanas por el pedido {order}
¿por qué tengo que pagar IVA al recibir el paquete?
el despacho de aduana está tardando muchísimo
me piden el DNI para la aduana
¿hay cargos de aduana si lo envían a {country}?
""",
}

T["return_item"] = {
"en": """
I want to return my {item}
how do I return an item
can I send back order {order}
I need a return label
return the {item}, it doesn't fit
where do I send my return
how do I start a return
I'd like to return part of my order
can I return it at a store
print return label for {order}
it's too small, I want to send it back
""",
"zh": """
我想退货
怎么退货
订单{order}能退吗
退货标签在哪里打印
{item}不合适，想退了
退货寄到哪个地址
怎么申请退货
我想退掉订单里的一件
可以去门店退吗
七天无理由退货怎么操作
太小了穿不了，要退
""",
"es": """
quiero devolver la {item}
¿cómo devuelvo un artículo?
¿puedo devolver el pedido {order}?
necesito una etiqueta de devolución
quiero devolver la {item}, no me queda
¿a dónde envío la devolución?
¿cómo inicio una devolución?
quiero devolver solo una parte del pedido
¿puedo devolverlo en tienda?
me queda chico, lo quiero regresar
¿cómo hago para mandar de vuelta el producto?
""",
}

T["exchange_item"] = {
"en": """
can I exchange my {item} for a different size
I want to exchange it for {size}
swap for another colour please, {color}
how do exchanges work
I'd like an exchange not a refund
exchange the {item} I received for a bigger one
can I exchange an item from order {order}
the {item} is too big, can I get {size} instead
do you do exchanges
I want to trade it for a different model
""",
"zh": """
我想换货
能换个尺码吗，换{size}
想换成{color}的
换货流程是怎样的
不要退款，我要换货
收到的{item}太大了，能换小一码吗
订单{order}里的东西能换吗
{item}能换别的款式吗
你们支持换货吗
尺码不合适，换{size}
""",
"es": """
¿puedo cambiar la {item} por otra talla?
quiero cambiarla por {size}
quiero cambiarla por el color {color}
¿cómo funcionan los cambios?
no quiero reembolso, prefiero un cambio
quiero cambiar la {item} que me llegó por una más grande
¿puedo hacer un cambio del pedido {order}?
la {item} me queda grande, ¿me la cambian por {size}?
¿hacen cambios de producto?
quiero cambiarlo por otro modelo
""",
}

T["get_refund"] = {
"en": """
I want a refund
give me my money back
refund please
I want a refund for order {order}
can I get a refund for the {item}
how do I get my money back
I want my {amount} back
please refund me, the item is not what I expected
I need a refund, not store credit
request a refund
refund?
""",
"zh": """
我要退款
把钱退给我
申请退款
订单{order}退款
{item}能退款吗
怎么才能退钱
把{amount}退给我
东西不满意，给我退款
我不要积分，要退回原账户
仅退款
退钱
""",
"es": """
quiero un reembolso
devuélvanme mi dinero
quiero el reembolso del pedido {order}
¿me pueden reembolsar la {item}?
¿cómo recupero mi dinero?
quiero que me devuelvan los {amount}
reembólsenme, el producto no es lo que esperaba
no quiero saldo en tienda, quiero mi dinero
solicitar reembolso
reembolso?
""",
}

T["track_refund"] = {
"en": """
where is my refund
I haven't received my refund yet
when will I get my refund for {order}
refund status
you said you refunded {amount} but it's not in my account
how long does the refund take to show up
my return was received a week ago, still no refund
has my refund been processed?
check refund status for order {order}
still waiting for my money back
""",
"zh": """
退款到哪了
退款还没到账
订单{order}的退款什么时候到
查一下退款进度
说退了{amount}但是我没收到
退款多久到账
退货都签收一个星期了还没退款
退款处理了吗
退款怎么还没到
钱什么时候退回来
""",
"es": """
¿dónde está mi reembolso?
todavía no me llega el reembolso
¿cuándo me devuelven el dinero del pedido {order}?
estado del reembolso
dicen que reembolsaron {amount} pero no lo veo en mi cuenta
¿cuánto tarda en reflejarse el reembolso?
recibieron mi devolución hace una semana y nada de reembolso
¿ya procesaron mi reembolso?
sigo esperando mi dinero
no me ha llegado la devolución del dinero
""",
}

T["check_refund_policy"] = {
"en": """
what is your refund policy
how many days do I have to return something
can I return sale items
do you refund shipping costs
what's the return window
are returns free
can I get a refund after 30 days
do you give refunds on opened items
what items can't be refunded
is there a restocking fee on returns
""",
"zh": """
你们的退款政策是什么
多少天内可以退货
打折商品能退吗
运费退不退
退货期限是多久
退货免费吗
超过30天还能退款吗
拆封了还能退吗
哪些商品不能退
支持七天无理由吗
""",
"es": """
¿cuál es su política de reembolsos?
¿cuántos días tengo para devolver algo?
¿los artículos en rebaja se pueden devolver?
¿devuelven los gastos de envío?
¿cuál es el plazo de devolución?
¿las devoluciones son gratis?
¿puedo pedir reembolso después de 30 días?
¿aceptan devoluciones de productos abiertos?
¿qué productos no se pueden devolver?
¿cobran algo por devolver?
""",
}

T["payment_issue"] = {
"en": """
my payment failed
card declined at checkout
I was charged twice for order {order}
payment not going through
why was my card rejected
paypal payment error
I paid but the order says unpaid
the payment page keeps loading
I got charged {amount} twice
checkout says payment error, what do I do
my bank says the payment went through but you say it didn't
""",
"zh": """
付款失败了
支付不了
订单{order}扣了两次钱
信用卡被拒了
为什么付不了款
微信支付一直失败
付了钱订单还显示未付款
支付页面一直转圈
扣了我两次{amount}
支付宝付款报错
银行卡扣款了但是订单没成功
""",
"es": """
mi pago falló
me rechazaron la tarjeta al pagar
me cobraron dos veces el pedido {order}
no pasa el pago
¿por qué rechazan mi tarjeta?
error al pagar con paypal
ya pagué y el pedido sale como no pagado
la página de pago se queda cargando
me cobraron {amount} dos veces
me sale error de pago, ¿qué hago?
el banco dice que se hizo el cargo pero el pedido no aparece
""",
}

T["unauthorized_charge"] = {
"en": """
there's a charge on my card I didn't make
I don't recognize this charge of {amount}
someone used my card on your site
I was charged for an order I never placed
unauthorized transaction on my account
what is this charge from your company
fraudulent charge on my credit card
I never bought anything but you charged me {amount}
my statement shows a payment to you that wasn't me
why did you take money from my account without permission
""",
"zh": """
我的卡被扣了一笔钱，不是我买的
这笔{amount}的扣款我不认识
有人盗用我的卡在你们这买东西
我没下单怎么扣我钱了
账户有一笔未授权的交易
这个扣款是什么
信用卡被盗刷了
我什么都没买，却被扣了{amount}
银行账单上有一笔你们的扣费，不是我操作的
为什么不经过我同意就扣款
""",
"es": """
tengo un cargo en mi tarjeta que no hice
no reconozco este cargo de {amount}
alguien usó mi tarjeta en su tienda
me cobraron un pedido que nunca hice
hay un cargo no autorizado en mi cuenta
¿qué es este cargo de su empresa?
cargo fraudulento en mi tarjeta de crédito
nunca compré nada y me cobraron {amount}
en mi estado de cuenta sale un pago a ustedes que no fui yo
¿por qué me quitaron dinero sin mi permiso?
""",
}

T["check_payment_methods"] = {
"en": """
what payment methods do you accept
can I pay with paypal
do you take Apple Pay
can I pay cash on delivery
is it possible to pay in installments
do you accept American Express
can I pay by bank transfer
do you accept gift cards as payment
can I use klarna
which cards can I use
""",
"zh": """
支持哪些付款方式
可以用支付宝吗
能用微信支付吗
支持货到付款吗
可以分期付款吗
能用信用卡付吗
可以银行转账吗
礼品卡能付款吗
支持花呗吗
能用PayPal吗
""",
"es": """
¿qué formas de pago aceptan?
¿puedo pagar con PayPal?
¿aceptan Bizum?
¿se puede pagar contra reembolso?
¿puedo pagar a meses sin intereses?
¿aceptan American Express?
¿puedo pagar por transferencia?
¿puedo pagar en OXXO?
¿aceptan tarjetas de regalo?
¿qué tarjetas aceptan?
""",
}

T["check_invoice"] = {
"en": """
where can I see my invoice
the invoice for order {order} shows the wrong amount
can I check my invoice online
there's a mistake on my invoice
why does my invoice say {amount}
I need to look at the invoice for my last purchase
the company name on my invoice is wrong
my invoice is missing the VAT
where are my past invoices in my account
the invoice doesn't match what I paid
""",
"zh": """
在哪里查看发票
订单{order}的发票金额不对
能在网上查发票吗
发票开错了
为什么发票上写的是{amount}
我想看一下上次买东西的发票
发票抬头写错了
发票上没有税号
历史发票在哪里看
发票金额和我付的不一样
""",
"es": """
¿dónde puedo ver mi factura?
la factura del pedido {order} tiene un importe incorrecto
¿puedo consultar mi factura en línea?
hay un error en mi factura
¿por qué mi factura dice {amount}?
quiero revisar la factura de mi última compra
el nombre de la empresa en la factura está mal
a mi factura le falta el IVA
¿dónde veo mis facturas anteriores?
la factura no coincide con lo que pagué
""",
}

T["get_invoice"] = {
"en": """
I need an invoice for order {order}
can you send me an invoice
how do I download my invoice
please email the invoice to {email}
I need a VAT invoice for my company
can I get a receipt for my purchase
send me a copy of the invoice
I didn't get an invoice with my order
download invoice pdf
I need an invoice with my company details for reimbursement
""",
"zh": """
我要开发票
订单{order}开个发票
能给我发一下发票吗
怎么下载电子发票
发票发到我邮箱{email}
我要开增值税专用发票
能开公司抬头的发票吗
买东西没给发票
要个收据
报销要用，麻烦开张发票
""",
"es": """
necesito una factura del pedido {order}
¿me pueden mandar la factura?
¿cómo descargo mi factura?
envíen la factura a {email}
necesito factura a nombre de mi empresa
quiero factura con mi RFC
¿me dan un recibo de la compra?
mándenme una copia de la factura
no me llegó la factura con el pedido
necesito factura con mi NIF para la empresa
""",
}

T["promotion_question"] = {
"en": """
my coupon code isn't working
do you have any discounts right now
how do I use a promo code
the discount wasn't applied to my order
can I use two coupons together
when is your next sale
is there a first order discount
why didn't I get the spend {amount} save 10 offer
the voucher says expired but it's valid until {date}
do you have a student discount
""",
"zh": """
优惠券用不了
现在有什么优惠活动吗
优惠码怎么用
满减没有生效
两张优惠券能一起用吗
下次大促是什么时候
新人有优惠吗
为什么满{amount}减的活动没减
券显示过期了，可是写的{date}到期
双十一有活动吗
""",
"es": """
mi cupón no funciona
¿tienen algún descuento ahora?
¿cómo uso un código promocional?
no se aplicó el descuento a mi pedido
¿puedo usar dos cupones juntos?
¿cuándo son las próximas rebajas?
¿hay descuento en la primera compra?
¿por qué no me aplicaron la promo de gasta {amount}?
el cupón dice caducado pero vale hasta {date}
¿tienen descuento para estudiantes?
""",
}

T["membership_question"] = {
"en": """
what are the benefits of membership
how do I become a VIP member
how many points do I have
how do I use my reward points
when do my points expire
how much is the premium membership
what tier am I in
how do I cancel my membership renewal
do members get free shipping
my points didn't get added for order {order}
""",
"zh": """
会员有什么权益
怎么成为VIP会员
我有多少积分
积分怎么用
积分什么时候过期
会员年费多少
我现在是什么等级
怎么取消会员自动续费
会员包邮吗
订单{order}的积分没到账
""",
"es": """
¿qué ventajas tiene ser miembro?
¿cómo me hago socio VIP?
¿cuántos puntos tengo?
¿cómo uso mis puntos?
¿cuándo caducan mis puntos?
¿cuánto cuesta la membresía premium?
¿en qué nivel estoy?
¿cómo cancelo la renovación de la membresía?
¿los socios tienen envío gratis?
no me sumaron los puntos del pedido {order}
""",
}

T["create_account"] = {
"en": """
how do I create an account
I want to sign up
how can I register
can I open an account
how do I make an account on the app
I want to register as a seller
sign up with my email {email}
create a new account
is it free to create an account
can I sign up with google
""",
"zh": """
怎么注册账号
我想注册
怎么开个账户
怎么在app上注册
我想注册成卖家
用邮箱{email}注册
新建账号
注册要钱吗
能用微信注册吗
注册入口在哪
""",
"es": """
¿cómo creo una cuenta?
quiero registrarme
¿cómo me registro?
¿puedo abrir una cuenta?
¿cómo hago una cuenta en la app?
quiero registrarme como vendedor
registrarme con mi correo {email}
crear una cuenta nueva
¿es gratis crear una cuenta?
¿puedo registrarme con Google?
""",
}

T["registration_problems"] = {
"en": """
I can't sign up
registration keeps failing
I'm not getting the verification email
it says my email {email} is already registered but I never signed up
the sign up page gives an error
the SMS code never arrives when registering
can't create account, the button doesn't work
it says my phone number is invalid when I register
the verification link is expired
registration error
""",
"zh": """
注册不了
注册一直失败
收不到验证邮件
提示邮箱{email}已注册，可是我没注册过
注册页面报错
注册的时候收不到短信验证码
点注册没反应
注册时提示手机号无效
验证链接过期了
注册出错
""",
"es": """
no puedo registrarme
el registro me falla todo el rato
no me llega el correo de verificación
dice que mi correo {email} ya está registrado pero nunca me registré
la página de registro da error
no me llega el código SMS al registrarme
no me deja crear la cuenta, el botón no hace nada
me dice que mi número no es válido al registrarme
el enlace de verificación caducó
error al registrarme
""",
}

T["recover_password"] = {
"en": """
I forgot my password
how do I reset my password
password reset email not arriving
can't remember my password
reset password for {email}
I need a new password
the reset link doesn't work
how do I change my password, I forgot it
forgot password
lost my password and can't log in
""",
"zh": """
忘记密码了
怎么重置密码
收不到重置密码的邮件
密码想不起来了
帮我重置{email}的密码
找回密码
重置链接打不开
密码忘了登录不了
怎么修改密码，忘了原来的
忘记登录密码怎么办
""",
"es": """
olvidé mi contraseña
¿cómo restablezco mi contraseña?
no me llega el correo para restablecer la contraseña
no me acuerdo de mi contraseña
restablecer contraseña de {email}
necesito una contraseña nueva
el enlace para cambiar la contraseña no funciona
se me olvidó la clave
recuperar contraseña
perdí mi contraseña y no puedo entrar
""",
}

T["account_locked"] = {
"en": """
my account is locked
my account has been suspended
I can't log in, it says account blocked
too many login attempts and now I'm locked out
why was my account disabled
please unlock my account
account frozen
my seller account got banned for no reason
it says my account is temporarily restricted
how do I reactivate my blocked account
""",
"zh": """
我的账号被锁了
账号被封了
登录不了，提示账户已冻结
密码输错太多次被锁定了
为什么我的账号被禁用
麻烦帮我解锁账号
账户冻结了怎么办
卖家账号无缘无故被封
提示账号暂时受限
怎么解封账号
""",
"es": """
mi cuenta está bloqueada
me suspendieron la cuenta
no puedo entrar, dice cuenta bloqueada
intenté muchas veces y ahora estoy bloqueado
¿por qué desactivaron mi cuenta?
desbloqueen mi cuenta por favor
cuenta congelada
me bloquearon la cuenta de vendedor sin motivo
dice que mi cuenta está restringida temporalmente
¿cómo reactivo mi cuenta bloqueada?
""",
}

T["security_concern"] = {
"en": """
someone logged into my account
I think my account was hacked
I got a suspicious email pretending to be you
there are orders in my account I didn't place
someone changed my password
how do I turn on two-factor authentication
I got a login alert from another country
is this message from you or a scam
my email was changed without my permission
I think someone has my password
""",
"zh": """
有人登录了我的账号
我的账号好像被盗了
收到一封冒充你们的可疑邮件
账户里有不是我下的订单
有人改了我的密码
怎么开启两步验证
收到异地登录提醒
这条短信是你们发的还是诈骗
我的邮箱被人改了
感觉密码泄露了
""",
"es": """
alguien entró en mi cuenta
creo que me hackearon la cuenta
me llegó un correo sospechoso haciéndose pasar por ustedes
hay pedidos en mi cuenta que no hice yo
alguien cambió mi contraseña
¿cómo activo la verificación en dos pasos?
me llegó un aviso de inicio de sesión desde otro país
¿este mensaje es de ustedes o es una estafa?
cambiaron mi correo sin mi permiso
creo que alguien tiene mi contraseña
""",
}

T["edit_account"] = {
"en": """
how do I change my email address
I want to update my phone number to {phone}
change my name on the account
how do I edit my profile
update my email to {email}
can I change my username
I need to update my personal details
how do I change my profile picture
my birthday is wrong on my account
where do I edit my account info
""",
"zh": """
怎么修改邮箱
我想把手机号改成{phone}
改一下账户上的名字
怎么编辑个人资料
把邮箱改成{email}
用户名能改吗
我要更新个人信息
怎么换头像
账户上的生日填错了
在哪改账户信息
""",
"es": """
¿cómo cambio mi correo electrónico?
quiero actualizar mi teléfono a {phone}
cambiar mi nombre en la cuenta
¿cómo edito mi perfil?
actualicen mi correo a {email}
¿puedo cambiar mi nombre de usuario?
necesito actualizar mis datos personales
¿cómo cambio la foto de perfil?
mi fecha de nacimiento está mal en la cuenta
¿dónde modifico los datos de mi cuenta?
""",
}

T["switch_account"] = {
"en": """
how do I switch accounts
I want to log in with a different account
how do I switch to my seller account
can I use two accounts on the app
switch from personal to business account
I'm logged into the wrong account
how do I log out and use my other account
change to my other account
can I have a buyer and a seller account and switch between them
switch profile
""",
"zh": """
怎么切换账号
我想换个账号登录
怎么切换到卖家账号
app能登两个账号吗
从个人账号切换到企业账号
登错账号了
怎么退出登录换另一个号
切换到我的另一个账户
买家号和卖家号怎么来回切换
切换账户
""",
"es": """
¿cómo cambio de cuenta?
quiero entrar con otra cuenta
¿cómo paso a mi cuenta de vendedor?
¿puedo usar dos cuentas en la app?
cambiar de cuenta personal a cuenta de empresa
entré con la cuenta equivocada
¿cómo cierro sesión para usar mi otra cuenta?
cambiar a mi otra cuenta
¿puedo tener cuenta de comprador y vendedor y alternar?
cambiar de perfil
""",
}

T["delete_account"] = {
"en": """
delete my account
how do I close my account
I want to remove my account and all my data
please deactivate my account permanently
I don't want an account anymore
cancel my account
how can I delete my profile
erase my personal data under GDPR
close my account {email}
I want to be forgotten, delete everything
""",
"zh": """
注销账号
怎么注销账户
我想删除账号和所有数据
麻烦永久注销我的账号
不想用了，把账号删了
怎么销户
怎么删除个人资料
删除我的个人信息
注销{email}这个账号
账号怎么彻底删除
""",
"es": """
borren mi cuenta
¿cómo cierro mi cuenta?
quiero eliminar mi cuenta y todos mis datos
desactiven mi cuenta para siempre
ya no quiero tener cuenta
dar de baja mi cuenta
¿cómo elimino mi perfil?
borren mis datos personales según el RGPD
cierren mi cuenta {email}
quiero que eliminen toda mi información
""",
}

T["open_dispute"] = {
"en": """
I want to open a dispute with the seller
the seller isn't responding, I want to file a claim
how do I open a case against a seller
the seller refuses to refund me, I need you to step in
open a dispute for order {order}
the seller sent a fake item and won't answer
I want the platform to decide, the seller is lying
how long do I have to open a dispute
escalate my case with the seller
the buyer opened a dispute against me, how do I respond
""",
"zh": """
我要投诉卖家，申请平台介入
卖家不回消息，我要发起纠纷
怎么申请售后仲裁
卖家拒绝退款，请平台介入
订单{order}申请纠纷
卖家发了假货还不理人
卖家在撒谎，我要平台来判
纠纷要在多少天内提交
买家对我发起了纠纷，我怎么申诉
卖家不同意退货，怎么办，要申请介入
""",
"es": """
quiero abrir una disputa con el vendedor
el vendedor no contesta, quiero abrir un reclamo
¿cómo abro un caso contra un vendedor?
el vendedor se niega a devolverme el dinero, necesito que intervengan
abrir disputa por el pedido {order}
el vendedor me mandó un producto falso y no responde
quiero que la plataforma decida, el vendedor miente
¿cuánto tiempo tengo para abrir una disputa?
el comprador abrió una disputa contra mí, ¿cómo respondo?
quiero escalar el caso con el vendedor
""",
}

T["report_listing"] = {
"en": """
I want to report a listing
this seller is selling fake products
report a counterfeit item
this listing is misleading, the photos are not the real product
there's a prohibited item being sold on your site
how do I report a scam seller
this ad is a scam
the listing description is false
someone is selling stolen goods
report this product page
""",
"zh": """
我要举报一个商品
这个卖家卖假货
举报仿冒品
这个商品描述虚假，图片和实物不符
有人在卖违禁品
怎么举报骗子卖家
这个链接是骗人的
商品页面信息造假
有人在卖赃物
举报这个商品
""",
"es": """
quiero denunciar un anuncio
este vendedor vende productos falsos
reportar un artículo falsificado
este anuncio es engañoso, las fotos no son del producto real
están vendiendo un producto prohibido en su web
¿cómo reporto a un vendedor estafador?
este anuncio es una estafa
la descripción del producto es falsa
alguien está vendiendo cosas robadas
reportar esta publicación
""",
}

T["seller_payout"] = {
"en": """
when do I get paid for my sales
I haven't received my payout
how do I withdraw my balance
my seller payout is late
how long do payouts take
I sold an item a week ago and still no money
how do I add my bank account for payouts
why is my payout on hold
what fees do you take from my sales
the payout of {amount} never reached my bank
""",
"zh": """
卖出去的钱什么时候到账
货款还没收到
怎么提现
卖家结算延迟了
打款要多久
卖了一个星期了钱还没到
怎么绑定收款银行卡
为什么我的货款被冻结
平台抽成是多少
提现{amount}一直没到银行卡
""",
"es": """
¿cuándo me pagan mis ventas?
no he recibido mi pago como vendedor
¿cómo retiro mi saldo?
mi liquidación de vendedor llega tarde
¿cuánto tardan los pagos a vendedores?
vendí algo hace una semana y no me llega el dinero
¿cómo añado mi cuenta bancaria para cobrar?
¿por qué mi pago está retenido?
¿qué comisión se quedan de mis ventas?
el retiro de {amount} nunca llegó a mi banco
""",
}

T["contact_customer_service"] = {
"en": """
how can I contact customer service
what's your phone number
what are your customer service hours
is there an email I can write to
how do I reach support
do you have live chat
can I call you
what time does support open
where is the contact form
is support available on weekends
""",
"zh": """
怎么联系客服
客服电话多少
客服几点上班
有客服邮箱吗
怎么找你们售后
有在线客服吗
能打电话吗
客服什么时候在线
联系方式在哪
周末有客服吗
""",
"es": """
¿cómo contacto con atención al cliente?
¿cuál es su número de teléfono?
¿cuál es el horario de atención?
¿hay un correo al que pueda escribir?
¿cómo me comunico con soporte?
¿tienen chat en vivo?
¿puedo llamarles?
¿a qué hora abre atención al cliente?
¿dónde está el formulario de contacto?
¿atienden los fines de semana?
""",
}

T["contact_human_agent"] = {
"en": """
I want to talk to a human
agent please
can I speak to a real person
transfer me to an agent
stop the bot, I need a person
let me talk to someone
representative
I don't want to talk to a robot
connect me with a live agent
human please
""",
"zh": """
转人工
人工客服
我要找真人
帮我转接人工
不要机器人，找个人来
让人工客服跟我说
人工
我不想跟机器人聊
找个客服人员
真人客服在吗
""",
"es": """
quiero hablar con una persona
con un agente por favor
¿puedo hablar con alguien de verdad?
pásame con un agente
no quiero hablar con un robot
déjame hablar con un humano
operador
comunícame con un asesor
quiero que me atienda una persona real
agente humano
""",
}

T["complaint"] = {
"en": """
I want to make a complaint
your service is terrible
I'm very unhappy with how I was treated
this is the worst shopping experience I've had
I want to complain about your delivery driver
how do I file a formal complaint
your agent was rude to me
I've been waiting for weeks and nobody helps, this is unacceptable
I'm disappointed with your company
complaint about the store staff
""",
"zh": """
我要投诉
你们的服务太差了
我对你们的态度很不满意
这是我最差的一次购物体验
我要投诉你们的快递员
怎么正式投诉
你们客服态度太恶劣了
等了几个星期都没人管，太过分了
对你们公司很失望
投诉门店店员
""",
"es": """
quiero poner una queja
su servicio es pésimo
estoy muy molesto con el trato que recibí
es la peor experiencia de compra que he tenido
quiero quejarme del repartidor
¿cómo pongo una reclamación formal?
su agente fue muy grosero conmigo
llevo semanas esperando y nadie me ayuda, es inaceptable
estoy decepcionado con su empresa
quiero presentar una queja sobre el personal de la tienda
""",
}

T["review"] = {
"en": """
how do I leave a review
I want to write a review for the {item}
where can I rate my purchase
can I edit my review
I'd like to leave feedback about the seller
my review was removed, why
how do I rate the product
I want to give 5 stars
can I add photos to my review
I left a bad review by mistake, can I change it
""",
"zh": """
怎么写评价
我想给{item}写个评价
在哪里给商品打分
评价能修改吗
我想给卖家评价一下
我的评价被删了，为什么
怎么评价商品
我要给五星好评
评价能上传图片吗
不小心给了差评，能改吗
""",
"es": """
¿cómo dejo una reseña?
quiero escribir una opinión de la {item}
¿dónde puedo valorar mi compra?
¿puedo editar mi reseña?
quiero dejar mi opinión sobre el vendedor
me borraron la reseña, ¿por qué?
¿cómo califico el producto?
quiero darle 5 estrellas
¿puedo subir fotos a mi reseña?
puse una mala valoración sin querer, ¿la puedo cambiar?
""",
}

T["suggestion"] = {
"en": """
I have a suggestion for your app
you should add a dark mode
it would be nice if you offered more sizes
suggestion: let us filter by price
please add an option to save carts
it would be great to have Apple Pay
you guys should ship to more countries
idea for improvement: show delivery date on product page
can you consider adding a wishlist
I think you should make returns easier
""",
"zh": """
我有个建议
建议加个夜间模式
希望能多出几个尺码
建议可以按价格筛选
希望购物车能保存
要是能用Apple Pay就好了
建议多开几个配送地区
建议在商品页显示送达时间
能不能加个心愿单功能
我觉得退货流程可以简单点
""",
"es": """
tengo una sugerencia para su app
deberían poner modo oscuro
estaría bien que tuvieran más tallas
sugerencia: filtrar por precio
pongan una opción para guardar el carrito
estaría genial poder pagar con Apple Pay
deberían enviar a más países
una idea: mostrar la fecha de entrega en la ficha del producto
¿podrían añadir una lista de deseos?
creo que deberían hacer las devoluciones más fáciles
""",
}

T["newsletter_subscription"] = {
"en": """
how do I subscribe to your newsletter
unsubscribe me from your emails
stop sending me promotional emails
I want to sign up for the newsletter
remove {email} from your mailing list
I keep getting marketing emails, make it stop
can I get emails about new arrivals
how do I opt out of newsletters
too many emails, unsubscribe please
subscribe me to offers
""",
"zh": """
怎么订阅你们的邮件
退订邮件
别再给我发广告邮件了
我想订阅新闻简报
把{email}从邮件列表里删掉
老是收到推广短信，怎么关掉
上新能发邮件通知我吗
怎么取消订阅
邮件太多了，退订
订阅优惠信息
""",
"es": """
¿cómo me suscribo a su newsletter?
darme de baja de sus correos
dejen de mandarme correos de publicidad
quiero suscribirme al boletín
borren {email} de su lista de correo
me llegan muchos correos de marketing, ¿cómo los quito?
¿me pueden avisar por correo de las novedades?
¿cómo me doy de baja del boletín?
demasiados correos, dar de baja
suscribirme a las ofertas
""",
}

T["greeting"] = {
"en": """
hi
hello
hey there
good morning
good afternoon
hi, anyone there?
hello?
hiya
good evening
yo
hey
hello, is this support?
""",
"zh": """
你好
您好
在吗
在不在
哈喽
早上好
下午好
有人吗
客服在吗
晚上好
hi
嗨
""",
"es": """
hola
buenas
buenos días
buenas tardes
hola, ¿hay alguien?
holaa
buenas noches
qué tal
hola buenas
saludos
hola, ¿es soporte?
muy buenas
""",
}

T["thanks"] = {
"en": """
thank you
thanks!
thanks a lot
thank you so much for your help
great, thanks
ok thanks
cheers
appreciate it
perfect, thank you
thx
that's all, thanks for the help
""",
"zh": """
谢谢
谢谢你
非常感谢
多谢
好的，谢谢
感谢帮忙
辛苦了
谢啦
太感谢了
好的明白了，谢谢
麻烦你了，谢谢
""",
"es": """
gracias
muchas gracias
mil gracias
gracias por la ayuda
vale, gracias
perfecto, gracias
te lo agradezco
muy amable
genial, gracias
ok gracias
eso es todo, gracias
""",
}

T["other"] = {
"en": """
what's the weather like today
tell me a joke
who won the game last night
are you a robot
what is the meaning of life
asdfgh
can you recommend a good movie
what time is it in Tokyo
do you like pizza
I'm bored
how old are you
what's 2+2
""",
"zh": """
今天天气怎么样
讲个笑话
昨晚比赛谁赢了
你是机器人吗
人生的意义是什么
啊啊啊啊
推荐个电影
东京现在几点
你喜欢吃什么
好无聊
你几岁了
一加一等于几
""",
"es": """
¿qué tiempo hace hoy?
cuéntame un chiste
¿quién ganó el partido anoche?
¿eres un robot?
¿cuál es el sentido de la vida?
jajaja
¿me recomiendas una peli?
¿qué hora es en Tokio?
¿te gusta la pizza?
estoy aburrido
¿cuántos años tienes?
¿cuánto es 2+2?
""",
}
