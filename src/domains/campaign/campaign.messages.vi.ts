import type { Catalogue } from '../../core/i18n.ts'

/**
 * Messages of the campaign dashboards.
 * Vietnamese is the source: French and English follow these keys.
 */
export const campaignVi = {
  'ind.ai_trainings_held': 'Lớp tập huấn AI đã tổ chức',
  'ind.ai_trainings_held.how':
    'Số lớp tập huấn (chủ đề AI cho cán bộ) có ít nhất một người điểm danh; mỗi lớp tính một lần, vào tuần có lượt điểm danh đầu tiên.',
  'ind.officials_trained_ai': 'Cán bộ được tập huấn AI',
  'ind.officials_trained_ai.how':
    'Số người khác nhau đã điểm danh tại một lớp AI cho cán bộ; người dự nhiều lớp chỉ tính một lần (theo tài khoản, nếu không có thì theo số điện thoại, rồi theo đăng ký).',
  'ind.help_given': 'Lượt hỗ trợ người dân',
  'ind.help_given.how': 'Số lượt hỗ trợ do đại sứ số ghi lại; bản sửa thay thế bản được sửa.',
  'ind.people_helped': 'Người dân được hỗ trợ',
  'ind.people_helped.how':
    'Người có tên được tính một lần dù được hỗ trợ nhiều lần; mỗi lượt hỗ trợ ẩn danh tính là một người.',
  'ind.vneid_installs': 'Lượt cài đặt VNeID',
  'ind.vneid_installs.how': 'Số lượt hỗ trợ "cài VNeID" được ghi lại.',
  'ind.vneid_level2': 'Giới thiệu kích hoạt VNeID mức 2',
  'ind.vneid_level2.how': 'Số lượt hỗ trợ "VNeID mức 2" (giới thiệu đến công an) được ghi lại.',
  'ind.households_checked': 'Hộ đã được rà soát',
  'ind.households_checked.how':
    'Số hộ có phiếu "Gia đình số"; mỗi hộ tính một lần, theo lần rà soát gần nhất.',
  'ind.households_digital': 'Hộ đạt tiêu chí Gia đình số',
  'ind.households_digital.how':
    'Hộ mà lần rà soát gần nhất đạt cả sáu tiêu chí, trên tổng số hộ của thôn, bản.',
  'ind.villages_active_group': 'Thôn, bản có tổ công nghệ số hoạt động',
  'ind.villages_active_group.how':
    'Thôn, bản có lượt hỗ trợ hoặc rà soát hộ được ghi trong 30 ngày qua, trên tổng số thôn, bản.',
  'ind.communes_active_group': 'Xã, phường vận hành mô hình cộng đồng',
  'ind.communes_active_group.how':
    'Xã, phường có tổ công nghệ số ghi nhận hoạt động (hỗ trợ hoặc rà soát hộ) trong 30 ngày qua, trên 45 xã, phường.',
  'ind.learners': 'Người học',
  'ind.learners.how': 'Số người khác nhau đã mở ít nhất một bài học; tính ở nơi họ học lần đầu.',
  'ind.learners_active': 'Người học tích cực (30 ngày)',
  'ind.learners_active.how':
    'Người học có hoạt động học tập trong 30 ngày qua, mỗi người một lần; chuỗi theo tuần đếm người học trong từng tuần.',
  'ind.completions': 'Lượt hoàn thành khóa học',
  'ind.completions.how':
    'Số cặp (người học, khóa học) đã hoàn thành; theo đối tượng của khóa và ngôn ngữ học.',
  'ind.certificates': 'Chứng nhận đã cấp',
  'ind.certificates.how':
    'Một chứng nhận cho mỗi khóa học hoàn thành và mỗi lần dự sự kiện của người có tài khoản.',
  'ind.traders_onboarded': 'Tiểu thương hoàn thành chuyển đổi số',
  'ind.traders_onboarded.how':
    'Tiểu thương đã hoàn thành cả năm bước của danh mục, trên số tiểu thương đã đăng ký.',
  'ind.villages_4g': 'Thôn, bản có 4G',
  'ind.villages_4g.how': 'Theo danh mục thôn, bản (không phải dữ kiện hoạt động).',
  'ind.villages_no_telecom': 'Thôn, bản chưa có sóng viễn thông',
  'ind.villages_no_telecom.how': 'Theo danh mục thôn, bản (không phải dữ kiện hoạt động).',
  'ind.villages_off_grid': 'Thôn, bản chưa có điện lưới',
  'ind.villages_off_grid.how': 'Theo danh mục thôn, bản (không phải dữ kiện hoạt động).',
  'ind.help_given.what.vneid_install': 'Lượt hỗ trợ người dân: cài VNeID',
  'ind.help_given.what.vneid_install.how':
    'Số lượt hỗ trợ do đại sứ số ghi lại; bản sửa thay thế bản được sửa.',
  'ind.help_given.what.vneid_level2': 'Lượt hỗ trợ người dân: VNeID mức 2',
  'ind.help_given.what.vneid_level2.how':
    'Số lượt hỗ trợ do đại sứ số ghi lại; bản sửa thay thế bản được sửa.',
  'ind.help_given.what.public_service': 'Lượt hỗ trợ người dân: dịch vụ công trực tuyến',
  'ind.help_given.what.public_service.how':
    'Số lượt hỗ trợ do đại sứ số ghi lại; bản sửa thay thế bản được sửa.',
  'ind.help_given.what.payment_account': 'Lượt hỗ trợ người dân: mở tài khoản thanh toán',
  'ind.help_given.what.payment_account.how':
    'Số lượt hỗ trợ do đại sứ số ghi lại; bản sửa thay thế bản được sửa.',
  'ind.help_given.what.first_cashless': 'Lượt hỗ trợ người dân: thanh toán không tiền mặt lần đầu',
  'ind.help_given.what.first_cashless.how':
    'Số lượt hỗ trợ do đại sứ số ghi lại; bản sửa thay thế bản được sửa.',
  'ind.help_given.what.list_products': 'Lượt hỗ trợ người dân: đưa sản phẩm lên mạng',
  'ind.help_given.what.list_products.how':
    'Số lượt hỗ trợ do đại sứ số ghi lại; bản sửa thay thế bản được sửa.',
  'ind.help_given.what.course_enrol': 'Lượt hỗ trợ người dân: đăng ký khóa học',
  'ind.help_given.what.course_enrol.how':
    'Số lượt hỗ trợ do đại sứ số ghi lại; bản sửa thay thế bản được sửa.',
  'ind.help_given.what.other': 'Lượt hỗ trợ người dân: khác',
  'ind.help_given.what.other.how': 'Số lượt hỗ trợ do đại sứ số ghi lại; bản sửa thay thế bản được sửa.',
  'ind.completions.audience.citizen': 'Lượt hoàn thành khóa học: người dân',
  'ind.completions.audience.citizen.how':
    'Số cặp (người học, khóa học) đã hoàn thành; theo đối tượng của khóa và ngôn ngữ học.',
  'ind.completions.audience.official': 'Lượt hoàn thành khóa học: cán bộ, công chức',
  'ind.completions.audience.official.how':
    'Số cặp (người học, khóa học) đã hoàn thành; theo đối tượng của khóa và ngôn ngữ học.',
  'ind.completions.audience.trader_farmer': 'Lượt hoàn thành khóa học: tiểu thương, nông dân',
  'ind.completions.audience.trader_farmer.how':
    'Số cặp (người học, khóa học) đã hoàn thành; theo đối tượng của khóa và ngôn ngữ học.',
  'ind.completions.audience.pupil': 'Lượt hoàn thành khóa học: học sinh',
  'ind.completions.audience.pupil.how':
    'Số cặp (người học, khóa học) đã hoàn thành; theo đối tượng của khóa và ngôn ngữ học.',
  'ind.completions.lang.vi': 'Lượt hoàn thành khóa học: tiếng Việt',
  'ind.completions.lang.vi.how':
    'Số cặp (người học, khóa học) đã hoàn thành; theo đối tượng của khóa và ngôn ngữ học.',
  'ind.completions.lang.fr': 'Lượt hoàn thành khóa học: tiếng Pháp',
  'ind.completions.lang.fr.how':
    'Số cặp (người học, khóa học) đã hoàn thành; theo đối tượng của khóa và ngôn ngữ học.',
  'ind.completions.lang.en': 'Lượt hoàn thành khóa học: tiếng Anh',
  'ind.completions.lang.en.how':
    'Số cặp (người học, khóa học) đã hoàn thành; theo đối tượng của khóa và ngôn ngữ học.',
  'ind.completions.lang.blt': 'Lượt hoàn thành khóa học: tiếng Thái',
  'ind.completions.lang.blt.how':
    'Số cặp (người học, khóa học) đã hoàn thành; theo đối tượng của khóa và ngôn ngữ học.',
  'ind.completions.lang.hnj': 'Lượt hoàn thành khóa học: tiếng Mông',
  'ind.completions.lang.hnj.how':
    'Số cặp (người học, khóa học) đã hoàn thành; theo đối tượng của khóa và ngôn ngữ học.',
  'ind.certificates.audience.citizen': 'Chứng nhận đã cấp: người dân',
  'ind.certificates.audience.citizen.how':
    'Một chứng nhận cho mỗi khóa học hoàn thành và mỗi lần dự sự kiện của người có tài khoản.',
  'ind.certificates.audience.official': 'Chứng nhận đã cấp: cán bộ, công chức',
  'ind.certificates.audience.official.how':
    'Một chứng nhận cho mỗi khóa học hoàn thành và mỗi lần dự sự kiện của người có tài khoản.',
  'ind.certificates.audience.trader_farmer': 'Chứng nhận đã cấp: tiểu thương, nông dân',
  'ind.certificates.audience.trader_farmer.how':
    'Một chứng nhận cho mỗi khóa học hoàn thành và mỗi lần dự sự kiện của người có tài khoản.',
  'ind.certificates.audience.pupil': 'Chứng nhận đã cấp: học sinh',
  'ind.certificates.audience.pupil.how':
    'Một chứng nhận cho mỗi khóa học hoàn thành và mỗi lần dự sự kiện của người có tài khoản.',
  'ind.certificates.audience.event': 'Chứng nhận đã cấp: dự sự kiện',
  'ind.certificates.audience.event.how':
    'Một chứng nhận cho mỗi khóa học hoàn thành và mỗi lần dự sự kiện của người có tài khoản.',
  'ind.certificates.lang.vi': 'Chứng nhận đã cấp: tiếng Việt',
  'ind.certificates.lang.vi.how':
    'Một chứng nhận cho mỗi khóa học hoàn thành và mỗi lần dự sự kiện của người có tài khoản.',
  'ind.certificates.lang.fr': 'Chứng nhận đã cấp: tiếng Pháp',
  'ind.certificates.lang.fr.how':
    'Một chứng nhận cho mỗi khóa học hoàn thành và mỗi lần dự sự kiện của người có tài khoản.',
  'ind.certificates.lang.en': 'Chứng nhận đã cấp: tiếng Anh',
  'ind.certificates.lang.en.how':
    'Một chứng nhận cho mỗi khóa học hoàn thành và mỗi lần dự sự kiện của người có tài khoản.',
  'ind.certificates.lang.blt': 'Chứng nhận đã cấp: tiếng Thái',
  'ind.certificates.lang.blt.how':
    'Một chứng nhận cho mỗi khóa học hoàn thành và mỗi lần dự sự kiện của người có tài khoản.',
  'ind.certificates.lang.hnj': 'Chứng nhận đã cấp: tiếng Mông',
  'ind.certificates.lang.hnj.how':
    'Một chứng nhận cho mỗi khóa học hoàn thành và mỗi lần dự sự kiện của người có tài khoản.',
  'ind.trader_step.payment_account': 'Tiểu thương: có tài khoản thanh toán',
  'ind.trader_step.payment_account.how':
    'Tiểu thương có bước này ở trạng thái "đã xong" theo lần ghi gần nhất, trên số tiểu thương đã đăng ký.',
  'ind.trader_step.vietqr_at_stall': 'Tiểu thương: có VietQR tại quầy',
  'ind.trader_step.vietqr_at_stall.how':
    'Tiểu thương có bước này ở trạng thái "đã xong" theo lần ghi gần nhất, trên số tiểu thương đã đăng ký.',
  'ind.trader_step.received_transfer': 'Tiểu thương: đã nhận chuyển khoản',
  'ind.trader_step.received_transfer.how':
    'Tiểu thương có bước này ở trạng thái "đã xong" theo lần ghi gần nhất, trên số tiểu thương đã đăng ký.',
  'ind.trader_step.listed_online': 'Tiểu thương: bán hàng trên mạng',
  'ind.trader_step.listed_online.how':
    'Tiểu thương có bước này ở trạng thái "đã xong" theo lần ghi gần nhất, trên số tiểu thương đã đăng ký.',
  'ind.trader_step.course_completed': 'Tiểu thương: hoàn thành khóa bán hàng trực tuyến',
  'ind.trader_step.course_completed.how':
    'Tiểu thương có bước này ở trạng thái "đã xong" theo lần ghi gần nhất, trên số tiểu thương đã đăng ký.',
  'nav.dashboard': 'Tiến độ',
  'dash.title': 'Tiến độ chiến dịch',
  'dash.today':
    'Số liệu đến ngày {date}, tính từ những gì đã được ghi nhận, cập nhật ngay khi có dữ liệu mới.',
  'dash.demo':
    'Dữ liệu demo: hoạt động mấy tháng qua được mô phỏng để trình diễn, không phải số liệu thật của tỉnh.',
  'dash.targets': 'Mục tiêu',
  'dash.no_targets': 'Chưa có mục tiêu nào cho địa bàn này.',
  'dash.deadline': 'Hạn: {date}',
  'dash.pct_of_target': 'đạt {pct} mục tiêu',
  'dash.pace_needed': 'Cần {pace} để kịp hạn',
  'dash.pace_so_far': 'Nhịp hiện tại: {pace} (8 tuần qua)',
  'dash.pace.count': '{n}/tuần',
  'dash.pace.points': '{n} điểm %/tuần',
  'dash.projected': 'Sẽ đạt vào {date} nếu giữ nhịp này',
  'dash.not_at_pace': 'Không đạt được với nhịp này',
  'dash.reached': 'Đã đạt',
  'dash.on_track': 'Đúng tiến độ',
  'dash.behind': 'Chậm tiến độ',
  'dash.past_deadline': 'Đã quá hạn',
  'dash.projection': 'Dự báo',
  'dash.key_figures': 'Số liệu chính',
  'dash.communes': 'Các xã, phường',
  'dash.villages': 'Thôn, bản, tổ dân phố',
  'dash.reach': 'Kế hoạch tiếp cận',
  'dash.trends': 'Xu hướng theo tuần',
  'dash.indicators': 'Danh mục chỉ số',
  'dash.manage_targets': 'Đặt và sửa mục tiêu',
  'dash.report_vi': 'Báo cáo in (tiếng Việt)',
  'dash.report_fr': 'Báo cáo in (tiếng Pháp)',
  'dash.export_csv': 'Tải CSV',
  'dash.export_xlsx': 'Tải Excel (XLSX)',
  'dash.col.code': 'Mã',
  'dash.col.name': 'Tên',
  'dash.col.commune': 'Xã, phường',
  'dash.col.activity': 'Hoạt động',
  'dash.col.indicator': 'Mã chỉ số',
  'dash.col.value': 'Giá trị',
  'dash.col.percent': 'Tỷ lệ (%)',
  'dash.col.pace_needed': 'Nhịp cần (mỗi tuần)',
  'dash.col.pace_so_far': 'Nhịp hiện tại (mỗi tuần)',
  'dash.col.status': 'Tình trạng',
  'dash.laggard': 'Chậm',
  'dash.yes': 'Có',
  'dash.lag_legend':
    'Ô in đậm: dưới một nửa mức chung của {parent} (theo tỷ lệ, hoặc theo số trên mỗi thôn, bản). Hàng ghi “Chậm”: từ 3 ô như vậy trở lên. Bấm tiêu đề cột để sắp xếp.',
  'dash.now': 'Hiện nay',
  'dash.connectivity': 'Kết nối',
  'dash.has_4g': 'Có 4G',
  'dash.no_4g_signal': 'Có sóng, chưa có 4G',
  'dash.no_telecom': 'Chưa có sóng viễn thông',
  'dash.on_grid': 'Có điện lưới',
  'dash.off_grid': 'Chưa có điện lưới',
  'dash.last_activity': 'Hoạt động gần nhất',
  'dash.last_data': 'Dữ liệu về lần cuối',
  'dash.never': 'Chưa có',
  'dash.visits': 'Lịch đến thôn, bản',
  'dash.visit.hub': 'Lắp điểm học ngoại tuyến (hub)',
  'dash.visit.ambassador_visit': 'Đại sứ số đến thôn, bản',
  'dash.visit.village': 'Thôn, bản',
  'dash.visit.kind': 'Việc',
  'dash.visit.planned_on': 'Ngày dự kiến',
  'dash.visit.note': 'Ghi chú',
  'dash.visit.cancel': 'Hủy lịch',
  'dash.plan_visit': 'Lên lịch đến thôn, bản',
  'dash.save': 'Lưu',
  'dash.total': 'Tổng',
  'dash.reach.lead':
    '{count} thôn, bản trong phạm vi. “Có hoạt động”: có dữ liệu phát sinh trong 30 ngày qua.',
  'dash.reach.matrix': 'Thôn, bản theo kết nối và hoạt động',
  'dash.reach.no_telecom': '{count} thôn, bản chưa có sóng viễn thông',
  'dash.reach.no_telecom_lead':
    'Nơi dữ liệu chỉ về qua điểm học (hub) hoặc do đại sứ số mang về: có hub chưa, lịch đến tiếp theo, dữ liệu về lần cuối khi nào.',
  'dash.reach.flagged': 'Có sóng nhưng chưa có hoạt động trong 30 ngày: {count} thôn, bản',
  'dash.reach.flagged_lead': 'Những nơi này cần đại sứ số đến vận động.',
  'dash.reach.hub': 'Điểm học (hub)',
  'dash.reach.next_visit': 'Lịch đến tiếp theo',
  'dash.reach.none_planned': 'Chưa có lịch.',
  'dash.reach.as_of': 'Tính đến ngày {date}.',
  'dash.activity.active': 'Có hoạt động (30 ngày)',
  'dash.activity.quiet': 'Im ắng trên 30 ngày',
  'dash.activity.never': 'Chưa có dữ liệu',
  'dash.conn.4g': 'Có 4G',
  'dash.conn.no_telecom': 'Chưa có sóng viễn thông',
  'dash.conn.off_grid': 'Chưa có điện lưới',
  'dash.chart.desc': 'Từ tuần {from} đến tuần {to}; tuần gần nhất: {last}; cao nhất: {max}.',
  'dash.chart.empty': 'Chưa có số liệu.',
  'dash.chart.values': 'Số liệu theo tuần',
  'dash.trend.chart': 'Biểu đồ theo tuần: {name}',
  'dash.trend.week': 'Tuần',
  'dash.trend.week_start': 'Bắt đầu từ',
  'dash.trend.value': 'Trong tuần',
  'dash.trend.level': 'Lũy kế',
  'dash.trend.choose': 'Chỉ số',
  'dash.trend.show': 'Xem',
  'dash.unit.count': 'Số lượng',
  'dash.unit.percent': 'Tỷ lệ % trên {den}',
  'dash.den.villages': 'số thôn, bản',
  'dash.den.communes': 'số xã, phường',
  'dash.den.households': 'số hộ',
  'dash.den.traders': 'số tiểu thương đã đăng ký',
  'dash.ind.how': 'Cách tính',
  'dash.ind.unit': 'Đơn vị',
  'dash.ind.levels': 'Cấp',
  'dash.level.province': 'Tỉnh',
  'dash.level.commune': 'Xã, phường',
  'dash.level.village': 'Thôn, bản',
  'dash.target.new': 'Đặt mục tiêu mới',
  'dash.target.indicator': 'Chỉ số',
  'dash.target.value': 'Mục tiêu',
  'dash.target.value_hint': 'Số lượng; với chỉ số tính theo tỷ lệ, nhập số phần trăm (ví dụ 100).',
  'dash.target.bad_percent': 'cần là một tỷ lệ phần trăm từ 1 đến 100, tối đa một chữ số thập phân',
  'dash.target.deadline': 'Hạn',
  'dash.target.note': 'Ghi chú (căn cứ, kế hoạch)',
  'dash.target.edit': 'Sửa mục tiêu',
  'dash.target.history': 'Lịch sử thay đổi',
  'dash.target.withdraw': 'Bỏ mục tiêu này',
  'dash.target.withdrawn': 'Đã bỏ',
  'dash.audit.target.create': 'Đặt mục tiêu',
  'dash.audit.target.update': 'Sửa mục tiêu',
  'dash.audit.target.withdraw': 'Bỏ mục tiêu',
  'dash.report.title': 'Báo cáo tiến độ Bình dân học vụ số',
  'dash.report.scope': 'Phạm vi: {name}',
  'dash.report.date': 'Ngày lập: {date}',
  'dash.report.share': 'Đạt',
  'dash.report.paces': 'Nhịp cần / nhịp hiện tại',
  'dash.report.print_hint': 'Dùng lệnh In của trình duyệt (Ctrl+P) để in khổ A4.',
  'dash.report.source': 'Mọi số liệu được tính từ dữ liệu đã ghi nhận trong hocso; lập lúc {at}.',
} satisfies Catalogue
