"""SEHATI's default question bank (issue #7 point 1): 30 multiple-choice questions in Indonesian
about the law of gratification, loaded into a pemda's bank with "Muat bank soal bawaan".

Every fact comes from the project's domain specification (`shared/domain/GRATIFICATION_LAW.md`);
`section` names the part of it the question rests on and `legal_basis` the article users can look
up. Thresholds and deadlines are those in force from 20 January 2026 (Peraturan KPK 1/2026
amending Peraturan KPK 2/2019, §2.1–§2.2 and §2.4). Facts the specification marks uncertain ([U])
are not asked. The bank is about the law of gratification only — what must be reported, to whom,
deadlines, exemptions, sanctions, the UPG — never about KPK's SPI questionnaire (DECISIONS.md #14).

`key` identifies a question across loads: loading again adds only the keys a pemda lacks, so the
UPG's edits and deactivations of loaded questions stay.
"""

from __future__ import annotations

from dataclasses import dataclass

# The sections of GRATIFICATION_LAW.md this bank relies on (checked by the tests).
SECTIONS_USED = (
    "§1.1",
    "§1.2",
    "§1.3",
    "§1.4",
    "§2.1",
    "§2.2",
    "§2.3",
    "§2.4",
    "§2.6",
    "§2.7",
    "§2.8",
    "§2.9",
    "§3.1",
    "§4.2",
)


@dataclass(frozen=True)
class DefaultQuestion:
    key: str
    topic: str  # Question.Topic value
    text: str
    options: tuple[str, str, str, str]  # A, B, C, D
    correct: str  # "A"–"D"
    explanation: str
    legal_basis: str
    section: str  # of GRATIFICATION_LAW.md


Q = DefaultQuestion

DEFAULT_QUESTIONS: tuple[DefaultQuestion, ...] = (
    Q(
        key="bawaan-01",
        topic="pengertian",
        text="Menurut penjelasan Pasal 12B UU Tipikor, apa yang dimaksud dengan gratifikasi?",
        options=(
            "Hanya pemberian berupa uang tunai",
            "Hanya pemberian bernilai Rp10.000.000 atau lebih",
            "Pemberian dalam arti luas: uang, barang, rabat, komisi, pinjaman tanpa bunga, "
            "tiket perjalanan, penginapan, perjalanan wisata, pengobatan cuma-cuma dan fasilitas "
            "lainnya",
            "Hanya pemberian yang diterima di dalam negeri secara langsung",
        ),
        correct="C",
        explanation=(
            "Gratifikasi adalah pemberian dalam arti luas, diterima di dalam atau di luar negeri, "
            "dengan atau tanpa sarana elektronik. Peraturan KPK 2/2019 Pasal 1 angka 1 mengulang "
            "rincian yang sama."
        ),
        legal_basis="Penjelasan Pasal 12B ayat (1) UU 31/1999 jo. UU 20/2001",
        section="§1.1",
    ),
    Q(
        key="bawaan-02",
        topic="pengertian",
        text="Kapan gratifikasi kepada pegawai negeri atau penyelenggara negara dianggap suap?",
        options=(
            "Bila berhubungan dengan jabatannya dan berlawanan dengan kewajiban atau tugasnya",
            "Bila diterima di luar jam kerja",
            "Bila nilainya lebih dari Rp1.000.000",
            "Bila pemberinya adalah anggota keluarga",
        ),
        correct="A",
        explanation=(
            "Pasal 12B ayat (1): gratifikasi dianggap pemberian suap apabila berhubungan dengan "
            "jabatan dan berlawanan dengan kewajiban atau tugas penerimanya."
        ),
        legal_basis="Pasal 12B ayat (1) UU 31/1999 jo. UU 20/2001",
        section="§1.1",
    ),
    Q(
        key="bawaan-03",
        topic="pengertian",
        text=(
            "Untuk gratifikasi bernilai Rp10.000.000 atau lebih, siapa yang harus membuktikan "
            "bahwa pemberian itu bukan suap?"
        ),
        options=(
            "Penuntut umum",
            "Penerima gratifikasi",
            "Pemberi gratifikasi",
            "Unit Pengendalian Gratifikasi (UPG)",
        ),
        correct="B",
        explanation=(
            "Untuk nilai Rp10.000.000 atau lebih, pembuktian bahwa gratifikasi bukan suap "
            "dilakukan oleh penerima; di bawah nilai itu, penuntut umum yang membuktikan bahwa "
            "gratifikasi adalah suap."
        ),
        legal_basis="Pasal 12B ayat (1) huruf a dan b UU 31/1999 jo. UU 20/2001",
        section="§1.1",
    ),
    Q(
        key="bawaan-04",
        topic="sanksi",
        text="Apa ancaman pidana bagi penerima gratifikasi yang dianggap suap menurut Pasal 12B?",
        options=(
            "Teguran tertulis dari atasan",
            "Denda paling banyak Rp10.000.000",
            "Penjara paling lama 1 tahun",
            "Penjara seumur hidup atau 4 sampai 20 tahun, dan denda Rp200.000.000 sampai "
            "Rp1.000.000.000",
        ),
        correct="D",
        explanation=(
            "Pasal 12B ayat (2) mengancam pidana penjara seumur hidup atau paling singkat 4 tahun "
            "dan paling lama 20 tahun, dan pidana denda Rp200 juta sampai Rp1 miliar."
        ),
        legal_basis="Pasal 12B ayat (2) UU 31/1999 jo. UU 20/2001",
        section="§1.1",
    ),
    Q(
        key="bawaan-05",
        topic="batas_waktu",
        text=(
            "Agar ancaman Pasal 12B tidak berlaku, paling lambat kapan gratifikasi harus "
            "dilaporkan kepada KPK?"
        ),
        options=(
            "7 hari kalender sejak gratifikasi diterima",
            "30 hari kerja sejak tanggal gratifikasi diterima",
            "14 hari kerja sejak pemberi dikenali",
            "Kapan saja, selama belum ada pemeriksaan",
        ),
        correct="B",
        explanation=(
            "Pasal 12C: ketentuan Pasal 12B tidak berlaku bila penerima melaporkan gratifikasi "
            "kepada KPK, paling lambat 30 hari kerja sejak tanggal gratifikasi diterima."
        ),
        legal_basis="Pasal 12C ayat (1) dan (2) UU 31/1999 jo. UU 20/2001",
        section="§1.1",
    ),
    Q(
        key="bawaan-06",
        topic="penanganan",
        text="Dalam berapa lama KPK wajib menetapkan status kepemilikan gratifikasi yang dilaporkan?",
        options=(
            "Paling lambat 7 hari kerja sejak laporan diterima",
            "Paling lambat 90 hari kalender sejak laporan diterima",
            "Paling lambat 30 hari kerja sejak laporan diterima",
            "Tidak ada batas waktu",
        ),
        correct="C",
        explanation=(
            "UU KPK Pasal 17 ayat (1): KPK menetapkan status kepemilikan gratifikasi disertai "
            "pertimbangan paling lambat 30 hari kerja sejak laporan diterima."
        ),
        legal_basis="Pasal 17 ayat (1) UU 30/2002",
        section="§1.2",
    ),
    Q(
        key="bawaan-07",
        topic="penanganan",
        text="Apa saja kemungkinan keputusan pimpinan KPK atas status gratifikasi yang dilaporkan?",
        options=(
            "Dikembalikan kepada pemberi atau dimusnahkan",
            "Milik penerima atau milik negara",
            "Dibagi antara penerima dan negara",
            "Dilelang oleh UPG instansi",
        ),
        correct="B",
        explanation=(
            "Pimpinan KPK menetapkan gratifikasi menjadi milik penerima atau milik negara "
            "(UU KPK Pasal 17 ayat (2) sampai (4))."
        ),
        legal_basis="Pasal 17 ayat (2)–(4) UU 30/2002",
        section="§1.2",
    ),
    Q(
        key="bawaan-08",
        topic="penanganan",
        text=(
            "Gratifikasi yang ditetapkan menjadi milik negara diserahkan kepada Menteri Keuangan "
            "paling lambat …"
        ),
        options=(
            "7 hari kerja sejak tanggal penetapan",
            "30 hari kerja sejak tanggal penetapan",
            "Akhir tahun anggaran berjalan",
            "Setelah pelapor menyetujuinya",
        ),
        correct="A",
        explanation=(
            "UU KPK Pasal 17 ayat (6): gratifikasi milik negara diserahkan kepada Menteri "
            "Keuangan paling lambat 7 hari kerja sejak tanggal penetapan. Keputusan disampaikan "
            "kepada pelapor juga paling lambat 7 hari kerja (ayat (5))."
        ),
        legal_basis="Pasal 17 ayat (5) dan (6) UU 30/2002",
        section="§1.2",
    ),
    Q(
        key="bawaan-09",
        topic="wajib_lapor",
        text="Manakah yang paling sedikit harus dimuat dalam laporan gratifikasi kepada KPK?",
        options=(
            "Foto pemberi dan surat pernyataan dari pemberi",
            "Hanya nilai gratifikasi",
            "Persetujuan tertulis dari kepala OPD",
            "Nama dan alamat penerima dan pemberi, jabatan penerima, tempat dan waktu "
            "penerimaan, uraian jenis serta nilai gratifikasi",
        ),
        correct="D",
        explanation=(
            "UU KPK Pasal 16: laporan disampaikan secara tertulis dengan formulir KPK dan memuat "
            "paling sedikit identitas penerima dan pemberi, jabatan, tempat dan waktu penerimaan, "
            "uraian jenis serta nilai gratifikasi."
        ),
        legal_basis="Pasal 16 UU 30/2002",
        section="§1.2",
    ),
    Q(
        key="bawaan-10",
        topic="wajib_lapor",
        text="Siapa yang wajib melaporkan gratifikasi yang berhubungan dengan jabatan?",
        options=(
            "Hanya pejabat eselon I",
            "Hanya bupati dan wakil bupati",
            "Pegawai negeri dan penyelenggara negara",
            "Hanya pegawai bagian keuangan",
        ),
        correct="C",
        explanation=(
            "Pasal 12B dan 12C berlaku bagi pegawai negeri dan penyelenggara negara; pengertian "
            "pegawai negeri dalam UU Tipikor lebih luas daripada PNS."
        ),
        legal_basis="Pasal 12B dan 12C UU 31/1999 jo. UU 20/2001; UU 28/1999 Pasal 2",
        section="§1.3",
    ),
    Q(
        key="bawaan-11",
        topic="wajib_lapor",
        text=(
            "Seorang pegawai ditawari pemberian yang berhubungan dengan jabatannya dan berlawanan "
            "dengan tugasnya. Apa yang seharusnya dilakukan lebih dulu?"
        ),
        options=(
            "Menerimanya lalu menyimpannya sampai ada pemeriksaan",
            "Menolaknya; bila tidak mungkin ditolak, melaporkannya",
            "Menerimanya bila nilainya di bawah Rp1.000.000",
            "Meminta pemberi mengirimkannya ke rumah",
        ),
        correct="B",
        explanation=(
            "Peraturan KPK 2/2019 Pasal 2 ayat (2): pegawai wajib menolak gratifikasi yang "
            "berhubungan dengan jabatan dan berlawanan dengan tugasnya; pelaporan adalah jalan "
            "bila penolakan tidak mungkin dilakukan."
        ),
        legal_basis="Peraturan KPK 2/2019 Pasal 2 ayat (2)",
        section="§1.3",
    ),
    Q(
        key="bawaan-12",
        topic="batas_waktu",
        text=(
            "Menurut Peraturan KPK 1/2026, apa akibatnya bila gratifikasi dilaporkan lebih dari "
            "30 hari kerja setelah diterima, atau setelah menjadi temuan pengawas internal?"
        ),
        options=(
            "Tidak ada akibat apa pun",
            "Laporan ditolak dan barang dikembalikan kepada pemberi",
            "Gratifikasi dapat ditetapkan menjadi milik negara, dan Pasal 12B tetap dapat "
            "diterapkan",
            "Pelapor cukup membayar denda administratif",
        ),
        correct="C",
        explanation=(
            "Laporan yang terlambat atau disampaikan setelah menjadi temuan pengawas internal "
            "(Inspektorat) dapat ditetapkan milik negara; perlindungan Pasal 12C tidak berlaku. "
            "Hanya KPK yang memutuskan statusnya."
        ),
        legal_basis="Peraturan KPK 1/2026 (perubahan Pasal 17 Peraturan KPK 2/2019); Pasal 12C UU 20/2001",
        section="§1.4",
    ),
    Q(
        key="bawaan-13",
        topic="pengecualian",
        text=(
            "Sejak kapan berlaku Peraturan KPK 1/2026 yang mengubah batas nilai gratifikasi yang "
            "tidak wajib dilaporkan?"
        ),
        options=(
            "1 Januari 2026",
            "20 Januari 2026",
            "17 Agustus 2025",
            "1 Juli 2026",
        ),
        correct="B",
        explanation=(
            "Peraturan KPK 1/2026 ditandatangani 14 Januari 2026 dan diundangkan serta berlaku "
            "20 Januari 2026. Gratifikasi dinilai menurut aturan yang berlaku pada tanggal "
            "diterima."
        ),
        legal_basis="Peraturan KPK 1/2026 (Berita Negara 2026 Nomor 43)",
        section="§2.1",
    ),
    Q(
        key="bawaan-14",
        topic="pengecualian",
        text=(
            "Sejak 20 Januari 2026, hadiah pernikahan dari satu pemberi tidak wajib dilaporkan "
            "bila nilainya paling banyak …"
        ),
        options=(
            "Rp500.000 per pemberi",
            "Rp1.000.000 per pemberi",
            "Rp1.500.000 per pemberi",
            "Rp10.000.000 per pemberi",
        ),
        correct="C",
        explanation=(
            "Pemberian pada pertunangan, pernikahan, kelahiran, akikah, baptis, khitanan, potong "
            "gigi atau upacara adat/agama lainnya: batasnya naik dari Rp1.000.000 menjadi "
            "Rp1.500.000 per pemberi."
        ),
        legal_basis="Peraturan KPK 2/2019 Pasal 2 ayat (3) huruf l jo. Peraturan KPK 1/2026",
        section="§2.2",
    ),
    Q(
        key="bawaan-15",
        topic="pengecualian",
        text=(
            "Pemberian bukan uang dari sesama rekan kerja yang tidak terkait kedinasan tidak "
            "wajib dilaporkan (sejak 20 Januari 2026) bila …"
        ),
        options=(
            "Paling banyak Rp500.000 per pemberian dan Rp1.500.000 setahun dari pemberi yang "
            "sama, tanpa konflik kepentingan",
            "Paling banyak Rp200.000 per pemberian dan Rp1.000.000 setahun dari pemberi yang sama",
            "Berapa pun nilainya, asalkan dari rekan kerja",
            "Paling banyak Rp300.000 per pemberian, tanpa batas setahun",
        ),
        correct="A",
        explanation=(
            "Batas pemberian antar rekan kerja naik dari Rp200.000 per pemberian (Rp1.000.000 "
            "setahun) menjadi Rp500.000 per pemberian dan Rp1.500.000 setahun dari pemberi yang "
            "sama, tanpa konflik kepentingan."
        ),
        legal_basis="Peraturan KPK 2/2019 Pasal 2 ayat (3) huruf o jo. Peraturan KPK 1/2026",
        section="§2.2",
    ),
    Q(
        key="bawaan-16",
        topic="pengecualian",
        text=(
            "Seorang rekan kerja (bukan keluarga) memberi Anda uang tunai Rp300.000 sebagai hadiah "
            "ulang tahun. Bagaimana ketentuannya?"
        ),
        options=(
            "Tidak wajib dilaporkan karena di bawah Rp500.000",
            "Tidak wajib dilaporkan karena hadiah ulang tahun",
            "Cukup dicatat sendiri",
            "Wajib dilaporkan: pengecualian antar rekan kerja hanya untuk pemberian bukan uang",
        ),
        correct="D",
        explanation=(
            "Batas nilai pemberian antar rekan kerja hanya berlaku untuk pemberian bukan uang; "
            "uang antar rekan kerja tidak pernah dikecualikan."
        ),
        legal_basis="Peraturan KPK 2/2019 Pasal 2 ayat (3) huruf o jo. Peraturan KPK 1/2026",
        section="§2.2",
    ),
    Q(
        key="bawaan-17",
        topic="pengecualian",
        text=(
            "Pemberian dari orang tua, pasangan, anak atau saudara kandung tidak wajib dilaporkan "
            "dengan syarat …"
        ),
        options=(
            "Nilainya di bawah Rp1.000.000",
            "Tidak ada konflik kepentingan",
            "Diberikan pada hari raya",
            "Disetujui atasan langsung",
        ),
        correct="B",
        explanation=(
            "Pemberian dalam keluarga (kakek/nenek, orang tua, mertua, suami/istri, anak, "
            "menantu, cucu, besan, paman/bibi, saudara, sepupu, keponakan) dikecualikan bila tidak "
            "ada konflik kepentingan; tidak ada batas nilai."
        ),
        legal_basis="Peraturan KPK 2/2019 Pasal 2 ayat (3) huruf a",
        section="§2.2",
    ),
    Q(
        key="bawaan-18",
        topic="pengecualian",
        text="Manakah yang TIDAK wajib dilaporkan?",
        options=(
            "Voucher belanja dari rekanan yang sedang mengikuti tender",
            "Uang terima kasih dari pemohon izin",
            "Hidangan atau sajian yang berlaku umum bagi semua yang hadir",
            "Tiket pesawat untuk liburan keluarga dari penyedia barang",
        ),
        correct="C",
        explanation=(
            "Hidangan atau sajian yang berlaku umum termasuk yang tidak wajib dilaporkan; "
            "pemberian dari rekanan, pemohon layanan atau penyedia yang terkait jabatan wajib "
            "ditolak atau dilaporkan."
        ),
        legal_basis="Peraturan KPK 2/2019 Pasal 2 ayat (3) huruf p",
        section="§2.2",
    ),
    Q(
        key="bawaan-19",
        topic="pengecualian",
        text=(
            "Tas dan alat tulis (seminar kit) yang diterima setiap peserta sebuah pelatihan resmi, "
            "sama untuk semua peserta, …"
        ),
        options=(
            "Tidak wajib dilaporkan",
            "Wajib dilaporkan bila nilainya di atas Rp100.000",
            "Wajib diserahkan kepada UPG",
            "Wajib dikembalikan kepada panitia",
        ),
        correct="A",
        explanation=(
            "Perangkat atau perlengkapan yang diberikan kepada peserta kegiatan resmi (seminar, "
            "lokakarya, konferensi, pelatihan) dan berlaku umum tidak wajib dilaporkan."
        ),
        legal_basis="Peraturan KPK 2/2019 Pasal 2 ayat (3) huruf d",
        section="§2.2",
    ),
    Q(
        key="bawaan-20",
        topic="pengecualian",
        text=(
            "Pemberian kepada pegawai yang tertimpa musibah atau bencana tidak wajib dilaporkan "
            "bila …"
        ),
        options=(
            "Nilainya paling banyak Rp1.000.000",
            "Diberikan dalam bentuk uang tunai",
            "Dilaporkan kepada atasan secara lisan",
            "Tidak ada konflik kepentingan dan nilainya wajar",
        ),
        correct="D",
        explanation=(
            "Untuk musibah atau bencana tidak ada batas nilai tetap; syaratnya tidak ada konflik "
            "kepentingan dan kewajaran. Aturan lama yang mencetak batas Rp1.000.000 sudah tidak "
            "berlaku."
        ),
        legal_basis="Peraturan KPK 2/2019 Pasal 2 ayat (3) huruf m",
        section="§2.2",
    ),
    Q(
        key="bawaan-21",
        topic="pengecualian",
        text=(
            "Sejak 20 Januari 2026, bagaimana ketentuan kado pisah sambut, pensiun, mutasi atau "
            "ulang tahun dari rekan kerja?"
        ),
        options=(
            "Tidak ada batas lagi, sehingga tidak pernah wajib dilaporkan",
            "Mengikuti ketentuan pemberian antar rekan kerja: bukan uang, paling banyak "
            "Rp500.000 per pemberian dan Rp1.500.000 setahun dari pemberi yang sama",
            "Tetap Rp300.000 per pemberian seperti aturan 2019",
            "Selalu wajib dilaporkan berapa pun nilainya",
        ),
        correct="B",
        explanation=(
            "Huruf n (pisah sambut, pensiun, mutasi, ulang tahun) dihapus dan digabung ke dalam "
            "ketentuan pemberian antar rekan kerja (huruf o). Anggapan bahwa kini tidak ada batas "
            "tidak didukung pernyataan KPK."
        ),
        legal_basis="Peraturan KPK 1/2026 (penghapusan Pasal 2 ayat (3) huruf n Peraturan KPK 2/2019)",
        section="§2.2",
    ),
    Q(
        key="bawaan-22",
        topic="batas_waktu",
        text=(
            "Sejak berlakunya Peraturan KPK 1/2026, berapa lama waktu untuk melengkapi laporan "
            "gratifikasi yang dinyatakan belum lengkap?"
        ),
        options=(
            "7 hari kalender",
            "10 hari kerja",
            "20 hari kerja",
            "30 hari kerja",
        ),
        correct="C",
        explanation=(
            "Batas kelengkapan laporan dipersingkat dari 30 hari kerja menjadi 20 hari kerja; "
            "laporan yang tidak dilengkapi dalam batas itu tidak ditindaklanjuti KPK."
        ),
        legal_basis="Peraturan KPK 2/2019 Pasal 9 ayat (1) dan (3) jo. Peraturan KPK 1/2026",
        section="§2.4",
    ),
    Q(
        key="bawaan-23",
        topic="batas_waktu",
        text=(
            "Pegawai melapor melalui UPG instansinya, yang punya batas waktu internal. Batas "
            "waktu mana yang tetap menentukan secara hukum?"
        ),
        options=(
            "Batas internal UPG saja",
            "Laporan harus sampai ke KPK paling lambat 30 hari kerja sejak gratifikasi diterima",
            "Tidak ada batas bila melapor melalui UPG",
            "Laporan harus sampai ke KPK paling lambat 30 hari kerja sejak UPG menerima laporan",
        ),
        correct="B",
        explanation=(
            "Batas waktu internal (misalnya 10 hari kerja ke UPG dan 10 hari kerja dari UPG ke "
            "KPK) hanya pengingat lebih awal; batas hukumnya tetap 30 hari kerja sejak "
            "gratifikasi diterima sampai laporan diterima KPK."
        ),
        legal_basis="Pasal 12C ayat (2) UU 31/1999 jo. UU 20/2001",
        section="§2.4",
    ),
    Q(
        key="bawaan-24",
        topic="wajib_lapor",
        text="Melalui saluran apa laporan gratifikasi dapat disampaikan kepada KPK?",
        options=(
            "Hanya dengan datang langsung ke gedung KPK",
            "Melalui unggahan di media sosial pribadi",
            "Hanya secara lisan kepada atasan langsung",
            "Aplikasi Gratifikasi Online (GOL) KPK, surel pelaporan gratifikasi KPK, atau melalui "
            "UPG instansi",
        ),
        correct="D",
        explanation=(
            "Laporan disampaikan tertulis: melalui aplikasi GOL (web dan ponsel), surel "
            "pelaporan.gratifikasi@kpk.go.id, atau melalui UPG instansi yang meneruskannya ke KPK."
        ),
        legal_basis="Pasal 16 UU 30/2002; Peraturan KPK 2/2019",
        section="§2.3",
    ),
    Q(
        key="bawaan-25",
        topic="penanganan",
        text=(
            "Pelapor ingin tetap memiliki barang gratifikasi yang akan ditetapkan milik negara. "
            "Apa yang dapat dilakukan?"
        ),
        options=(
            "Mengajukan permohonan saat klarifikasi dan membayar uang kompensasi senilai taksiran "
            "KPK",
            "Menyimpannya saja; KPK tidak akan memeriksa",
            "Menjualnya lalu menyetorkan separuh hasilnya",
            "Meminta UPG menetapkannya milik penerima",
        ),
        correct="A",
        explanation=(
            "Pelapor dapat meminta saat klarifikasi; barang ditaksir KPK, SK menetapkan milik "
            "negara yang dapat diganti uang, lalu pelapor menyetor nilainya dan menyimpan "
            "barangnya."
        ),
        legal_basis="Peraturan KPK 2/2019 (penyerahan dan uang kompensasi)",
        section="§2.6",
    ),
    Q(
        key="bawaan-26",
        topic="wajib_lapor",
        text=(
            "Pegawai menerima kiriman makanan yang mudah busuk dan tidak sempat menolaknya. Apa "
            "yang dianjurkan KPK?"
        ),
        options=(
            "Membuangnya agar tidak perlu dilaporkan",
            "Menyalurkannya sebagai bantuan sosial, misalnya ke panti asuhan atau panti jompo, "
            "lalu melaporkan penyalurannya beserta dokumentasi",
            "Menyimpannya di kantor sampai KPK datang",
            "Mengembalikan nilainya dalam bentuk uang kepada pemberi",
        ),
        correct="B",
        explanation=(
            "Makanan yang mudah rusak dapat ditolak atau dikembalikan, atau bila tidak mungkin, "
            "disalurkan sebagai bantuan sosial; penyalurannya dilaporkan kepada UPG dengan "
            "keterangan dan dokumentasi untuk transparansi."
        ),
        legal_basis="Peraturan KPK 2/2019; Surat Edaran KPK B/3956/GTF.00.02/01-13/05/2019",
        section="§2.7",
    ),
    Q(
        key="bawaan-27",
        topic="upg",
        text="Manakah yang termasuk tugas UPG menurut Peraturan KPK 1/2026?",
        options=(
            "Menetapkan status kepemilikan gratifikasi",
            "Menjatuhkan pidana kepada penerima gratifikasi",
            "Menerima, mengelola dan meneruskan laporan gratifikasi, serta menyimpan barang "
            "titipan sampai ada keputusan status",
            "Menghapus laporan yang terlambat",
        ),
        correct="C",
        explanation=(
            "Tujuh tugas UPG: menerima, mengelola dan meneruskan laporan; menyimpan barang "
            "titipan; menindaklanjuti keputusan KPK; melaksanakan pengendalian gratifikasi; "
            "mendorong aturan internal; memberi pelatihan dan pendampingan; menyosialisasikan "
            "aturan. Status kepemilikan hanya ditetapkan KPK."
        ),
        legal_basis="Peraturan KPK 2/2019 jo. Peraturan KPK 1/2026 (tugas UPG)",
        section="§2.8",
    ),
    Q(
        key="bawaan-28",
        topic="upg",
        text="Bagaimana perlindungan bagi pegawai yang melaporkan gratifikasi?",
        options=(
            "Tidak ada perlindungan; identitas pelapor diumumkan",
            "Pelapor harus membayar biaya perlindungan",
            "Perlindungan hanya untuk laporan bernilai di atas Rp10.000.000",
            "KPK wajib melindungi pelapor, dan instansi wajib mencegah intimidasi serta menjaga "
            "kerahasiaan laporan",
        ),
        correct="D",
        explanation=(
            "UU KPK Pasal 15 mewajibkan KPK melindungi pelapor; instansi wajib mencegah "
            "intimidasi dan UPG menjaga kerahasiaan identitas dan isi laporan. Perlindungan dapat "
            "gugur bila pelapor sendiri mempublikasikan laporannya."
        ),
        legal_basis="Pasal 15 UU 30/2002; PP 43/2018",
        section="§2.9",
    ),
    Q(
        key="bawaan-29",
        topic="upg",
        text="Apa saja tahapan program pengendalian gratifikasi di instansi menurut KPK?",
        options=(
            "Komitmen pimpinan, aturan internal, pembentukan UPG, serta pemantauan dan evaluasi",
            "Pemeriksaan, penyidikan, penuntutan dan eksekusi",
            "Pendaftaran, seleksi, pelantikan dan pensiun",
            "Perencanaan anggaran, pengadaan, pembayaran dan audit",
        ),
        correct="A",
        explanation=(
            "KPK menyebut empat tahap: komitmen pimpinan, penyusunan aturan internal (Perbup), "
            "pembentukan UPG, serta pemantauan dan evaluasi."
        ),
        legal_basis="Pedoman pengendalian gratifikasi KPK; Perbup pengendalian gratifikasi",
        section="§3.1",
    ),
    Q(
        key="bawaan-30",
        topic="sanksi",
        text="Menurut PP 94/2021 tentang Disiplin PNS, manakah yang termasuk hukuman disiplin sedang?",
        options=(
            "Teguran lisan",
            "Pemotongan tunjangan kinerja 25 persen selama 6, 9 atau 12 bulan",
            "Pemberhentian dengan hormat tidak atas permintaan sendiri",
            "Penurunan jabatan setingkat lebih rendah selama 12 bulan",
        ),
        correct="B",
        explanation=(
            "Hukuman disiplin sedang: pemotongan tunjangan kinerja 25 persen selama 6, 9 atau 12 "
            "bulan. Teguran termasuk ringan; penurunan jabatan dan pemberhentian termasuk berat. "
            "Hukuman disiplin dapat berjalan bersama sanksi lain."
        ),
        legal_basis="PP 94/2021 tentang Disiplin PNS",
        section="§4.2",
    ),
)
