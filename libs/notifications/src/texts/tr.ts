// Machine-quality translation: to be reviewed by a native speaker before production use.
import type { NotificationTexts } from './types.js';

export const tr: NotificationTexts = {
  languageName: 'Türkçe',
  direction: 'ltr',
  machineTranslated: true,
  greeting: 'Merhaba {name},',
  confirmation: {
    subject: 'Randevunuz alındı: {when}',
    lead: '“{type}” konulu randevunuz alındı. Ekteki takvim dosyası ile randevuyu telefonunuza veya bilgisayarınıza ekleyebilirsiniz.',
    sms: '“{type}” randevunuz {when} için alındı. Randevunuzu buradan yönetebilirsiniz:',
  },
  reminder: {
    subject: 'Hatırlatma: {when} tarihli randevunuz',
    lead: '“{type}” konulu randevunuzu hatırlatmak isteriz. Lütfen birkaç dakika önce, sessiz bir yerde hazır olun.',
    sms: 'Hatırlatma: “{type}” randevunuz {when} tarihinde. Buradan katılın:',
  },
  rescheduled: {
    subject: 'Randevunuzun yeni zamanı: {when}',
    lead: '“{type}” konulu randevunuzun zamanı değiştirildi. Yeni zaman aşağıdadır. Eski zaman artık geçerli değildir.',
    sms: '“{type}” randevunuzun zamanı {when} olarak değiştirildi. Ayrıntılar:',
  },
  cancelled: {
    subject: '{when} tarihli randevunuz iptal edildi',
    lead: '“{type}” konulu randevunuz iptal edildi. İstediğiniz zaman yeni bir randevu alabilirsiniz.',
    sms: '{when} tarihli “{type}” randevunuz iptal edildi. Yeniden randevu alın:',
  },
  switchedToPhone: {
    subject: '{when} tarihli randevunuz telefonla yapılacak',
    lead: '“{type}” konulu randevunuz görüntülü görüşme yerine telefonla yapılacak. Danışman sizi {when} tarihinde bize verdiğiniz telefon numarasından arayacak. Lütfen telefonunuzu yanınızda ve açık tutun.',
    sms: '{when} tarihli “{type}” randevunuz telefonla yapılacak: sizi o saatte bu numaradan arayacağız. Ayrıntılar:',
  },
  newMessage: {
    subject: 'Yeni mesaj: {office}',
    lead: 'Yeni bir mesajınız var. Gönderen: {office}.',
    privacy:
      'Gizliliğinizi korumak için mesajın kendisi bu bildirimde yer almaz. Lütfen bağlantı üzerinden okuyun.',
    open: 'Mesajı oku',
    sms: 'Yeni bir mesajınız var ({office}). Buradan okuyun:',
    chat: 'Yeni bir mesajınız var. Buradan okuyun:',
  },
  labels: {
    when: 'Tarih ve saat',
    consultation: 'Danışmanlık',
    counsellor: 'Danışman',
    channelVideo: 'Görüntülü görüşme',
    channelAudio: 'Sesli görüşme',
    channelPhone: 'Telefon görüşmesi',
    phoneNumber: 'Arayacağımız numara',
    timeZoneNote: 'Saatler {zone} saat dilimine göre gösterilmektedir.',
    office: 'Danışma merkezi',
    officeContact: 'İletişim',
  },
  actions: {
    manage: 'Randevunuzu görüntüleyin, değiştirin veya iptal edin',
    join: 'Görüşmeye katılın',
    joinHint:
      'Görüşme, başlangıçtan {minutes} dakika önce açılır. Katılmak için aynı bağlantıyı kullanın.',
    bookAgain: 'Yeni randevu alın',
  },
  calendar: {
    summary: 'Danışmanlık: {type}',
    description:
      'Danışmanlık randevunuz. Katılmak, ertelemek veya iptal etmek için size gönderdiğimiz mesajdaki bağlantıyı kullanın. Danışma merkezinin randevu sayfası: {page}',
    cancelled:
      'Bu danışmanlık randevusu iptal edildi. Danışma merkezinin randevu sayfasından yeni bir randevu alabilirsiniz: {page}',
    office: 'Danışma merkezi: {office}. Gizlilik bildirimi: {privacy}',
  },
  footer: {
    privacy:
      'Yalnızca randevunuz için gerekli bilgileri saklarız ve bilgilerinizi randevudan {days} gün sonra sileriz. Lütfen belgeleri e-posta ile göndermeyin.',
    privacyNotice: '{office} gizlilik bildirimi',
    noReply: 'Bu mesaj otomatik olarak gönderildi. Yanıtlar okunmaz.',
  },
};
